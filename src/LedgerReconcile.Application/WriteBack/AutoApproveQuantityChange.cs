namespace LedgerReconcile.Application.WriteBack;

/// <summary>
/// The write-back asks whether the tenant's auto-approval rules cover a pending proposal; if they do, it is approved
/// in the policy's name, otherwise nothing is recorded and it waits for a person.
/// </summary>
public sealed record AutoApproveQuantityChange(
    CommandContext Context,
    string CustomerKey,
    Guid ProposalId) : ICommand<CommandResult>, ICustomerCommand, ISystemCommand;

public sealed class AutoApproveQuantityChangeValidator : CustomerCommandValidator<AutoApproveQuantityChange>
{
    public AutoApproveQuantityChangeValidator() => RuleFor(c => c.ProposalId).NotEmpty();
}

public sealed class AutoApproveQuantityChangeHandler(CustomerLedger customers, TenantLedger tenants) : ICommandHandler<AutoApproveQuantityChange, CommandResult>
{
    public async ValueTask<CommandResult> Handle(AutoApproveQuantityChange command, CancellationToken cancellationToken)
    {
        var tenant = await tenants.LoadAsync(command.Context.Tenant, cancellationToken);
        return await customers.DecideAsync(
            command,
            now => new CustomerCommand.AutoApproveQuantityChange(command.ProposalId, tenant.State.AutoApprovals.Values.ToList(), command.Context.Actor, now),
            cancellationToken);
    }
}
