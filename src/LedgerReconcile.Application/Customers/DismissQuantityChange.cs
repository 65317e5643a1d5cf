namespace LedgerReconcile.Application.Customers;

/// <summary>No change this month: the same change is not proposed again before the 1st of next month unless a number moves.</summary>
public sealed record DismissQuantityChange(
    CommandContext Context,
    string CustomerKey,
    Guid ProposalId,
    string Reason) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, IUserCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.DismissQuantityChange(ProposalId, Reason, Context.Actor, now);
}

public sealed class DismissQuantityChangeValidator : CustomerCommandValidator<DismissQuantityChange>
{
    public DismissQuantityChangeValidator()
    {
        RuleFor(c => c.ProposalId).NotEmpty();
        RuleFor(c => c.Reason).IsReason();
    }
}

public sealed class DismissQuantityChangeHandler(CustomerLedger ledger) : CustomerCommandHandler<DismissQuantityChange>(ledger);
