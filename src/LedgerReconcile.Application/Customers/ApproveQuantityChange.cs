namespace LedgerReconcile.Application.Customers;

public sealed record ApproveQuantityChange(
    CommandContext Context,
    string CustomerKey,
    Guid ProposalId,
    string? Note,
    DateOnly? EffectiveDate = null) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, IUserCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.ApproveQuantityChange(ProposalId, Note, Context.Actor, now, EffectiveDate ?? BillingMonth.FirstOfNext(now));
}

public sealed class ApproveQuantityChangeValidator : CustomerCommandValidator<ApproveQuantityChange>
{
    public ApproveQuantityChangeValidator(TimeProvider clock)
    {
        RuleFor(c => c.EffectiveDate).IsLedgerDate(clock).When(c => c.EffectiveDate is not null);
        RuleFor(c => c.ProposalId).NotEmpty();
        RuleFor(c => c.Note).IsFreeText(LedgerRules.ReasonLength, multiline: true);
    }
}

public sealed class ApproveQuantityChangeHandler(CustomerLedger ledger) : CustomerCommandHandler<ApproveQuantityChange>(ledger);
