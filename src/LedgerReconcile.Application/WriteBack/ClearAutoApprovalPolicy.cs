using FluentValidation;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Tenants;
using Mediator;

namespace LedgerReconcile.Application.WriteBack;

/// <summary>Changes of this service line wait for a person again.</summary>
public sealed record ClearAutoApprovalPolicy(
    CommandContext Context,
    string Service,
    string? SeatType,
    string Reason,
    DateTimeOffset? EffectiveFrom) : ICommand<CommandResult>, IUserCommand;

public sealed class ClearAutoApprovalPolicyValidator : LedgerCommandValidator<ClearAutoApprovalPolicy>
{
    public ClearAutoApprovalPolicyValidator()
    {
        RuleFor(c => c.Service).IsOneOf<ClearAutoApprovalPolicy, BillableService>();
        RuleFor(c => c.SeatType).NotEmpty().When(c => c.SeatType is not null);
        RuleFor(c => c.Reason).IsReason();
    }
}

public sealed class ClearAutoApprovalPolicyHandler(TenantLedger ledger) : ICommandHandler<ClearAutoApprovalPolicy, CommandResult>
{
    public ValueTask<CommandResult> Handle(ClearAutoApprovalPolicy command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(
            command,
            now => new TenantCommand.ClearAutoApprovalPolicy(
                new ServiceLine(EnumText.Parse<BillableService>(command.Service), command.SeatType),
                command.Reason,
                command.EffectiveFrom,
                command.Context.Actor,
                now),
            cancellationToken);
}
