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
    public ObservePsaQuantityValidator()
    {
        RuleFor(c => c.PsaLineId).IsIdentifier();
        RuleFor(c => c.Quantity).GreaterThanOrEqualTo(0);
        RuleFor(c => c.ObservedAt).NotEqual(default(DateTimeOffset));
    }
}

public sealed class ObservePsaQuantityHandler(CustomerLedger ledger) : CustomerCommandHandler<ObservePsaQuantity>(ledger);
