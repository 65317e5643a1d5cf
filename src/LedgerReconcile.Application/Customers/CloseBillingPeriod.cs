namespace LedgerReconcile.Application.Customers;

/// <summary>Freezes the quantities that went on the invoice for one period.</summary>
public sealed record CloseBillingPeriod(
    CommandContext Context,
    string CustomerKey,
    string PeriodId,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    IReadOnlyList<InvoicedLine> Lines) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, IUserCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.CloseBillingPeriod(
            PeriodId,
            PeriodStart,
            PeriodEnd,
            Lines
                .Select(l => new InvoicedQuantity(EnumText.Parse<BillableService>(l.Service), l.SeatType, l.PsaLineId, l.Quantity, l.UnitPrice?.ToMoney()))
                .ToList(),
            Context.Actor,
            now);
}

public sealed record InvoicedLine(string Service, string? SeatType, string PsaLineId, decimal Quantity, PriceInput? UnitPrice);

public sealed class CloseBillingPeriodValidator : CustomerCommandValidator<CloseBillingPeriod>
{
    public CloseBillingPeriodValidator()
    {
        RuleFor(c => c.PeriodId).IsIdentifier();
        RuleFor(c => c.PeriodEnd).GreaterThanOrEqualTo(c => c.PeriodStart);
        RuleFor(c => c.Lines).NotNull();
        RuleForEach(c => c.Lines).ChildRules(line =>
        {
            line.RuleFor(l => l.Service).IsOneOf<InvoicedLine, BillableService>();
            line.RuleFor(l => l.PsaLineId).IsIdentifier();
            line.RuleFor(l => l.Quantity).GreaterThanOrEqualTo(0);
            line.RuleFor(l => l.UnitPrice!.Amount).GreaterThanOrEqualTo(0).When(l => l.UnitPrice is not null).OverridePropertyName("UnitPrice.Amount");
            line.RuleFor(l => l.UnitPrice!.Currency).IsCurrencyCode().When(l => l.UnitPrice is not null).OverridePropertyName("UnitPrice.Currency");
        });
    }
}

public sealed class CloseBillingPeriodHandler(CustomerLedger ledger) : CustomerCommandHandler<CloseBillingPeriod>(ledger);
