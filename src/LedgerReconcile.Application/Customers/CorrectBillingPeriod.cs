namespace LedgerReconcile.Application.Customers;

/// <summary>Corrects the bounds a closed period was closed with; the closing stays recorded as it was.</summary>
public sealed record CorrectBillingPeriod(
    CommandContext Context,
    string CustomerKey,
    string PeriodId,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd,
    string Reason) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, IUserCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.CorrectBillingPeriod(PeriodId, PeriodStart!.Value, PeriodEnd!.Value, Reason, Context.Actor, now);
}

public sealed class CorrectBillingPeriodValidator : CustomerCommandValidator<CorrectBillingPeriod>
{
    public CorrectBillingPeriodValidator(TimeProvider clock)
    {
        RuleFor(c => c.PeriodId).IsIdentifier(IdKind.Period);
        RuleFor(c => c.PeriodStart).IsLedgerDate(clock);
        RuleFor(c => c.PeriodEnd).IsLedgerDate(clock);
        RuleFor(c => c.PeriodEnd).GreaterThanOrEqualTo(c => c.PeriodStart)
            .When(c => c.PeriodStart is not null && c.PeriodEnd is not null)
            .WithMessage("A billing period cannot end before it starts.");
        RuleFor(c => c.Reason).IsReason();
    }
}

public sealed class CorrectBillingPeriodHandler(CustomerLedger ledger) : CustomerCommandHandler<CorrectBillingPeriod>(ledger);
