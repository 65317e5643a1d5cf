namespace LedgerReconcile.Application.Customers;

/// <summary>Corrects what a closed period invoiced, as an adjustment with its cause; the closing itself stays as it was.</summary>
public sealed record AdjustClosedPeriod(
    CommandContext Context,
    string CustomerKey,
    string PeriodId,
    string Service,
    string? SeatType,
    decimal? Quantity,
    string Cause) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, IUserCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.AdjustClosedPeriod(PeriodId, ServiceLineInput.Parse(Service, SeatType), Quantity!.Value, Cause, Context.Actor, now);
}

public sealed class AdjustClosedPeriodValidator : CustomerCommandValidator<AdjustClosedPeriod>
{
    public AdjustClosedPeriodValidator()
    {
        RuleFor(c => c.PeriodId).IsIdentifier(IdKind.Period);
        RuleFor(c => c.Service).IsOneOf<AdjustClosedPeriod, BillableService>();
        RuleFor(c => c.SeatType).IsFreeText(100);
        RuleFor(c => c.Quantity).IsQuantity();
        RuleFor(c => c.Cause).IsReason();
    }
}

public sealed class AdjustClosedPeriodHandler(CustomerLedger ledger) : CustomerCommandHandler<AdjustClosedPeriod>(ledger);
