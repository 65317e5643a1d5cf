namespace LedgerReconcile.Application.Customers;

/// <summary>
/// The PSA shows the line a requested addition created (or, with <see cref="ExistingLine"/>, an active line for the
/// product that it did not create): recorded with its quantity, and the service is mapped to it.
/// </summary>
/// <param name="Evidence">How the line is known to be there: read back, re-read after a lost answer, found by its marker.</param>
public sealed record RecordLineAdded(
    CommandContext Context,
    string CustomerKey,
    Guid WriteId,
    string PsaLineId,
    decimal Quantity,
    bool ExistingLine,
    string Evidence) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, ISystemCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.RecordLineAdded(WriteId, PsaLineId, Quantity, ExistingLine, Evidence, Context.Actor, now);
}

public sealed class RecordLineAddedValidator : CustomerCommandValidator<RecordLineAdded>
{
    public RecordLineAddedValidator()
    {
        RuleFor(c => c.WriteId).NotEmpty();
        RuleFor(c => c.PsaLineId).IsIdentifier(IdKind.PsaLine);
        RuleFor(c => c.Quantity).IsQuantity();
        RuleFor(c => c.Evidence).IsName();
    }
}

public sealed class RecordLineAddedHandler(CustomerLedger ledger) : CustomerCommandHandler<RecordLineAdded>(ledger);
