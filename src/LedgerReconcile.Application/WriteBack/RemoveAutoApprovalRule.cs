using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.WriteBack;

/// <summary>
/// Deletes the tenant's auto-approval rule of one service line (the rule's id); changes of that line wait for a person
/// again. Unlike clearing a policy, naming a rule that does not exist is an error, not a no-op.
/// </summary>
public sealed record RemoveAutoApprovalRule(
    CommandContext Context,
    string Service,
    string? SeatType,
    string Reason) : ICommand<CommandResult>, IUserCommand;

public sealed class RemoveAutoApprovalRuleValidator : LedgerCommandValidator<RemoveAutoApprovalRule>
{
    public RemoveAutoApprovalRuleValidator()
    {
        RuleFor(c => c.Service).IsOneOf<RemoveAutoApprovalRule, BillableService>();
        RuleFor(c => c.SeatType).NotEmpty().IsFreeText(100).When(c => c.SeatType is not null);
        RuleFor(c => c.Reason).IsReason();
    }
}

public sealed class RemoveAutoApprovalRuleHandler(TenantLedger tenants) : ICommandHandler<RemoveAutoApprovalRule, CommandResult>
{
    public async ValueTask<CommandResult> Handle(RemoveAutoApprovalRule command, CancellationToken cancellationToken)
    {
        var line = ServiceLineInput.Parse(command.Service, command.SeatType);
        var tenant = await tenants.LoadAsync(command.Context.Tenant, cancellationToken);
        if (!tenant.State.AutoApprovals.ContainsKey(line))
        {
            throw new ResourceNotFoundException($"There is no auto-approval rule for {line}.");
        }

        return await tenants.DecideAsync(
            command,
            now => new TenantCommand.ClearAutoApprovalPolicy(line, command.Reason, null, command.Context.Actor, now),
            cancellationToken);
    }
}
