namespace LedgerReconcile.Application.Customers;

/// <summary>
/// The write-back records its intent to add an approved line before sending it; the write's id is the command's id and
/// the idempotency key derives from the proposal, so a later call for the same addition carries the same key.
/// </summary>
public sealed record RequestLineAddition(
    CommandContext Context,
    string CustomerKey,
    Guid ProposalId) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, ISystemCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.RequestLineAddition(Context.CommandId, ProposalId, Context.Actor, now);
}

public sealed class RequestLineAdditionValidator : CustomerCommandValidator<RequestLineAddition>
{
    public RequestLineAdditionValidator() => RuleFor(c => c.ProposalId).NotEmpty();
}

public sealed class RequestLineAdditionHandler(CustomerLedger ledger) : CustomerCommandHandler<RequestLineAddition>(ledger);
