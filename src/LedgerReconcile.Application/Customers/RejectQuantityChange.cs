namespace LedgerReconcile.Application.Customers;

public sealed record RejectQuantityChange(
    CommandContext Context,
    string CustomerKey,
    Guid ProposalId,
    string Reason) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, IUserCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.RejectQuantityChange(ProposalId, Reason, Context.Actor, now);
}

public sealed class RejectQuantityChangeValidator : CustomerCommandValidator<RejectQuantityChange>
{
    public RejectQuantityChangeValidator()
    {
        RuleFor(c => c.ProposalId).NotEmpty();
        RuleFor(c => c.Reason).IsReason();
    }
}

public sealed class RejectQuantityChangeHandler(CustomerLedger ledger) : CustomerCommandHandler<RejectQuantityChange>(ledger);
