namespace LedgerReconcile.Application.Customers;

public sealed record UnmapService(
    CommandContext Context,
    string CustomerKey,
    string Service,
    string? SeatType,
    string Reason,
    DateTimeOffset? EffectiveFrom) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, IUserCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.UnmapService(ServiceLineInput.Parse(Service, SeatType), Reason, EffectiveFrom, Context.Actor, now);
}

public sealed class UnmapServiceValidator : CustomerCommandValidator<UnmapService>
{
    public UnmapServiceValidator(TimeProvider clock)
    {
        RuleFor(c => c.Service).IsOneOf<UnmapService, BillableService>();
        RuleFor(c => c.SeatType).IsFreeText(100);
        RuleFor(c => c.Reason).IsReason();
        RuleFor(c => c.EffectiveFrom).IsLedgerTime(clock);
    }
}

public sealed class UnmapServiceHandler(CustomerLedger ledger) : CustomerCommandHandler<UnmapService>(ledger);
