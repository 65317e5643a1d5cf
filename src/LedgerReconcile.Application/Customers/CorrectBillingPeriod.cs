namespace LedgerReconcile.Application.Customers;

/// <summary>Corrects the bounds a closed period was closed with; the closing stays recorded as it was.</summary>
public sealed record CorrectBillingPeriod(
    CommandContext Context,
    string CustomerKey,
    string PeriodId,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd,
    string Reason) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, IUserCommand, IPeriodBounds
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.CorrectBillingPeriod(PeriodId, PeriodStart!.Value, PeriodEnd!.Value, Reason, Context.Actor, now);
}

public sealed class CorrectBillingPeriodValidator : CustomerCommandValidator<CorrectBillingPeriod>
{
    public CorrectBillingPeriodValidator(TimeProvider clock)
    {
        RuleFor(c => c.PeriodId).IsIdentifier(IdKind.Period);
        Include(new PeriodBoundsValidator(clock));
        RuleFor(c => c.Reason).IsReason();
    }
}

public sealed class CorrectBillingPeriodHandler(CustomerLedger ledger) : CustomerCommandHandler<CorrectBillingPeriod>(ledger);
