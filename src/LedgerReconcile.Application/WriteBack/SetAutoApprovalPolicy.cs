using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.WriteBack;

/// <summary>
/// Lets the write-back approve small changes of one service line without a person: at most
/// <see cref="MaxAbsoluteChange"/> units and at most <see cref="MaxPercentChange"/> percent of what is billed now.
/// </summary>
public sealed record SetAutoApprovalPolicy(
    CommandContext Context,
    string Service,
    string? SeatType,
    decimal MaxAbsoluteChange,
    decimal MaxPercentChange,
    string Reason,
    DateTimeOffset? EffectiveFrom) : ICommand<CommandResult>, ILedgerCommand<TenantCommand>, IUserCommand
{
    public TenantCommand ToDomain(DateTimeOffset now) =>
        new TenantCommand.SetAutoApprovalPolicy(
            new AutoApprovalRule(EnumText.Parse<BillableService>(Service), SeatType, MaxAbsoluteChange, MaxPercentChange),
            Reason,
            EffectiveFrom,
            Context.Actor,
            now);
}

public sealed class SetAutoApprovalPolicyValidator : LedgerCommandValidator<SetAutoApprovalPolicy>
{
    public SetAutoApprovalPolicyValidator(TimeProvider clock)
    {
        RuleFor(c => c.Service).IsOneOf<SetAutoApprovalPolicy, BillableService>();
        RuleFor(c => c.SeatType).NotEmpty().IsFreeText(100).When(c => c.SeatType is not null);
        RuleFor(c => c.MaxAbsoluteChange).GreaterThanOrEqualTo(0);
        RuleFor(c => c.MaxPercentChange).InclusiveBetween(0, 1000);
        RuleFor(c => c.Reason).IsReason();
        RuleFor(c => c.EffectiveFrom).IsLedgerTime(clock);
    }
}

public sealed class SetAutoApprovalPolicyHandler(TenantLedger ledger) : TenantCommandHandler<SetAutoApprovalPolicy>(ledger);
