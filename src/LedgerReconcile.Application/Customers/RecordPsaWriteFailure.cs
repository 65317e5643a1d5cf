namespace LedgerReconcile.Application.Customers;

public sealed record RecordPsaWriteFailure(
    CommandContext Context,
    string CustomerKey,
    Guid WriteId,
    string Error) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, ISystemCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.RecordPsaWriteFailure(WriteId, Error, Context.Actor, now);
}

public sealed class RecordPsaWriteFailureValidator : CustomerCommandValidator<RecordPsaWriteFailure>
{
    public RecordPsaWriteFailureValidator()
    {
        RuleFor(c => c.WriteId).NotEmpty();
        RuleFor(c => c.Error).IsReason();
    }
}

public sealed class RecordPsaWriteFailureHandler(CustomerLedger ledger) : CustomerCommandHandler<RecordPsaWriteFailure>(ledger);
