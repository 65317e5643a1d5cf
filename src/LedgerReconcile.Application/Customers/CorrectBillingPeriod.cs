namespace LedgerReconcile.Application.Customers;

/// <summary>Corrects the bounds a closed period was closed with; the closing stays recorded as it was.</summary>
public sealed record CorrectBillingPeriod(
    CommandContext Context,
    string CustomerKey,
    string PeriodId,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    string Reason) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, IUserCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.CorrectBillingPeriod(PeriodId, PeriodStart, PeriodEnd, Reason, Context.Actor, now);
}

public sealed class CorrectBillingPeriodValidator : CustomerCommandValidator<CorrectBillingPeriod>
{
    public CorrectBillingPeriodValidator()
    {
        RuleFor(c => c.PeriodId).IsIdentifier();
        RuleFor(c => c.PeriodEnd).GreaterThanOrEqualTo(c => c.PeriodStart).WithMessage("A billing period cannot end before it starts.");
        RuleFor(c => c.Reason).IsReason();
    }
}

public sealed class CorrectBillingPeriodHandler(CustomerLedger ledger) : CustomerCommandHandler<CorrectBillingPeriod>(ledger);
