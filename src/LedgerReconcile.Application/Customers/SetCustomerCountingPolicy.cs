namespace LedgerReconcile.Application.Customers;

/// <summary>Overrides a tenant counting policy for one customer; a null <see cref="Choice"/> clears the override.</summary>
/// <param name="Policy">NasShares, PausedAgents, HiddenDevices, ArchivedAgents or ExpiredDevices.</param>
/// <param name="Choice">Count, Exclude or NeedsDecision; null to fall back to the tenant's policy.</param>
public sealed record SetCustomerCountingPolicy(
    CommandContext Context,
    string CustomerKey,
    string Policy,
    string? Choice,
    string Reason,
    DateTimeOffset? EffectiveFrom) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, IUserCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.SetCustomerCountingPolicy(
            EnumText.Parse<CountingPolicyKind>(Policy),
            EnumText.ParseOptional<CountingChoice>(Choice),
            Reason,
            EffectiveFrom,
            Context.Actor,
            now);
}

public sealed class SetCustomerCountingPolicyValidator : CustomerCommandValidator<SetCustomerCountingPolicy>
{
    public SetCustomerCountingPolicyValidator(TimeProvider clock)
    {
        RuleFor(c => c.Policy).IsOneOf<SetCustomerCountingPolicy, CountingPolicyKind>();
        RuleFor(c => c.Choice).IsOptionalOneOf<SetCustomerCountingPolicy, CountingChoice>();
        RuleFor(c => c.Reason).IsReason();
        RuleFor(c => c.EffectiveFrom).IsLedgerTime(clock);
    }
}

public sealed class SetCustomerCountingPolicyHandler(CustomerLedger ledger) : CustomerCommandHandler<SetCustomerCountingPolicy>(ledger);
