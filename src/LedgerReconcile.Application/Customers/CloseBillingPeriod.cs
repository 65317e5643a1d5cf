namespace LedgerReconcile.Application.Customers;

/// <summary>Freezes the quantities that went on the invoice for one period.</summary>
public sealed record CloseBillingPeriod(
    CommandContext Context,
    string CustomerKey,
    string PeriodId,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd,
    IReadOnlyList<InvoicedLine> Lines) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, IUserCommand, IPeriodBounds
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.CloseBillingPeriod(
            PeriodId,
            PeriodStart!.Value,
            PeriodEnd!.Value,
            Lines
                .Select(l => new InvoicedQuantity(EnumText.Parse<BillableService>(l.Service), l.SeatType, l.PsaLineId, l.Quantity!.Value, l.UnitPrice?.ToMoney()))
                .ToList(),
            Context.Actor,
            now);
}

public sealed record InvoicedLine(string Service, string? SeatType, string PsaLineId, decimal? Quantity, PriceInput? UnitPrice);

public sealed class CloseBillingPeriodValidator : CustomerCommandValidator<CloseBillingPeriod>
{
    public CloseBillingPeriodValidator(TimeProvider clock)
    {
        RuleFor(c => c.PeriodId).IsIdentifier(IdKind.Period);
        Include(new PeriodBoundsValidator(clock));
        RuleFor(c => c.Lines).NotEmpty().WithMessage("A closed period lists the lines that went on the invoice.");
        RuleForEach(c => c.Lines).IsPresentItem().ChildRules(line =>
        {
            line.RuleFor(l => l.Service).IsOneOf<InvoicedLine, BillableService>();
            line.RuleFor(l => l.SeatType).IsFreeText(100);
            line.RuleFor(l => l.PsaLineId).IsIdentifier(IdKind.PsaLine);
            line.RuleFor(l => l.Quantity).IsQuantity();
            line.RuleFor(l => l.UnitPrice!.Amount).IsMoney().When(l => l.UnitPrice is not null).OverridePropertyName("UnitPrice.Amount");
            line.RuleFor(l => l.UnitPrice!.Currency).IsCurrencyCode().When(l => l.UnitPrice is not null).OverridePropertyName("UnitPrice.Currency");
        });
    }
}

public sealed class CloseBillingPeriodHandler(CustomerLedger ledger) : CustomerCommandHandler<CloseBillingPeriod>(ledger);
