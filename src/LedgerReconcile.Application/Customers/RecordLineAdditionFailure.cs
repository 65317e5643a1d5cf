namespace LedgerReconcile.Application.Customers;

/// <summary>The PSA rejected a requested line, or the adapter refused to send it: the addition failed for good, with the reason.</summary>
public sealed record RecordLineAdditionFailure(
    CommandContext Context,
    string CustomerKey,
    Guid WriteId,
    string Error) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, ISystemCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.RecordLineAdditionFailure(WriteId, Error, Context.Actor, now);
}

public sealed class RecordLineAdditionFailureValidator : CustomerCommandValidator<RecordLineAdditionFailure>
{
    public RecordLineAdditionFailureValidator()
    {
        RuleFor(c => c.WriteId).NotEmpty();
        RuleFor(c => c.Error).IsReason();
    }
}

public sealed class RecordLineAdditionFailureHandler(CustomerLedger ledger) : CustomerCommandHandler<RecordLineAdditionFailure>(ledger);
