namespace LedgerReconcile.Application.Customers;

/// <summary>The PSA worker read the line back after a write (or after a crash) and it shows the written quantity.</summary>
public sealed record ConfirmPsaWrite(
    CommandContext Context,
    string CustomerKey,
    Guid WriteId,
    decimal QuantityAfter,
    DateTimeOffset ReadAt) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, ISystemCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.ConfirmPsaWrite(WriteId, QuantityAfter, ReadAt, Context.Actor, now);
}

public sealed class ConfirmPsaWriteValidator : CustomerCommandValidator<ConfirmPsaWrite>
{
    public ConfirmPsaWriteValidator(TimeProvider clock)
    {
        RuleFor(c => c.WriteId).NotEmpty();
        RuleFor(c => c.QuantityAfter).IsQuantity();
        RuleFor(c => c.ReadAt).IsObservationTime(clock);
    }
}

public sealed class ConfirmPsaWriteHandler(CustomerLedger ledger) : CustomerCommandHandler<ConfirmPsaWrite>(ledger);
