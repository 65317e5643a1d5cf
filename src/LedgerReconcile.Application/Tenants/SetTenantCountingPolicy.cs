using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.Tenants;

/// <summary>Sets the tenant's default answer to a counting question, for every customer without an override.</summary>
public sealed record SetTenantCountingPolicy(
    CommandContext Context,
    string Policy,
    string Choice,
    string Reason,
    DateTimeOffset? EffectiveFrom) : ICommand<CommandResult>, ILedgerCommand<TenantCommand>, IUserCommand
{
    public TenantCommand ToDomain(DateTimeOffset now) =>
        new TenantCommand.SetCountingPolicy(EnumText.Parse<CountingPolicyKind>(Policy), EnumText.Parse<CountingChoice>(Choice), Reason, EffectiveFrom, Context.Actor, now);
}

public sealed class SetTenantCountingPolicyValidator : LedgerCommandValidator<SetTenantCountingPolicy>
{
    public SetTenantCountingPolicyValidator(TimeProvider clock)
    {
        RuleFor(c => c.Policy).IsOneOf<SetTenantCountingPolicy, CountingPolicyKind>();
        RuleFor(c => c.Choice).IsOneOf<SetTenantCountingPolicy, CountingChoice>();
        RuleFor(c => c.Reason).IsReason();
        RuleFor(c => c.EffectiveFrom).IsLedgerTime(clock);
    }
}

public sealed class SetTenantCountingPolicyHandler(TenantLedger ledger) : TenantCommandHandler<SetTenantCountingPolicy>(ledger);
