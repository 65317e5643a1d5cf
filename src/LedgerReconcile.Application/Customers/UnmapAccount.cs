namespace LedgerReconcile.Application.Customers;

public sealed record UnmapAccount(
    CommandContext Context,
    string CustomerKey,
    string Reason,
    DateTimeOffset? EffectiveFrom) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, IUserCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.UnmapAccount(Reason, EffectiveFrom, Context.Actor, now);
}

public sealed class UnmapAccountValidator : CustomerCommandValidator<UnmapAccount>
{
    public UnmapAccountValidator(TimeProvider clock)
    {
        RuleFor(c => c.Reason).IsReason();
        RuleFor(c => c.EffectiveFrom).IsLedgerTime(clock);
    }
}

public sealed class UnmapAccountHandler(CustomerLedger ledger) : CustomerCommandHandler<UnmapAccount>(ledger);
