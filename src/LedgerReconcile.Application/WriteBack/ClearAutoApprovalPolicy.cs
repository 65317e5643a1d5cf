using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.WriteBack;

/// <summary>Changes of this service line wait for a person again.</summary>
public sealed record ClearAutoApprovalPolicy(
    CommandContext Context,
    string Service,
    string? SeatType,
    string Reason,
    DateTimeOffset? EffectiveFrom) : ICommand<CommandResult>, ILedgerCommand<TenantCommand>, IUserCommand
{
    public TenantCommand ToDomain(DateTimeOffset now) =>
        new TenantCommand.ClearAutoApprovalPolicy(ServiceLineInput.Parse(Service, SeatType), Reason, EffectiveFrom, Context.Actor, now);
}

public sealed class ClearAutoApprovalPolicyValidator : LedgerCommandValidator<ClearAutoApprovalPolicy>
{
    public ClearAutoApprovalPolicyValidator()
    {
        RuleFor(c => c.Service).IsOneOf<ClearAutoApprovalPolicy, BillableService>();
        RuleFor(c => c.SeatType).NotEmpty().IsFreeText(100).When(c => c.SeatType is not null);
        RuleFor(c => c.Reason).IsReason();
    }
}

public sealed class ClearAutoApprovalPolicyHandler(TenantLedger ledger) : TenantCommandHandler<ClearAutoApprovalPolicy>(ledger);
