namespace LedgerReconcile.Application.Customers;

/// <summary>A PSA sync read the quantity a mapped PSA line bills.</summary>
public sealed record ObservePsaQuantity(
    CommandContext Context,
    string CustomerKey,
    string PsaLineId,
    decimal Quantity,
    DateTimeOffset ObservedAt) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, ISystemCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.ObservePsaQuantity(PsaLineId, Quantity, ObservedAt, Context.Actor, now);
}

public sealed class ObservePsaQuantityValidator : CustomerCommandValidator<ObservePsaQuantity>
{
    public ObservePsaQuantityValidator(TimeProvider clock)
    {
        RuleFor(c => c.PsaLineId).IsIdentifier(IdKind.PsaLine);
        RuleFor(c => c.Quantity).IsQuantity();
        RuleFor(c => c.ObservedAt).IsObservationTime(clock);
    }
}

public sealed class ObservePsaQuantityHandler(CustomerLedger ledger) : CustomerCommandHandler<ObservePsaQuantity>(ledger);
