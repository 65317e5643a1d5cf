using FluentValidation;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using Mediator;

namespace LedgerReconcile.Application.Customers;

/// <summary>Freezes the quantities that went on the invoice for one period.</summary>
public sealed record CloseBillingPeriod(
    CommandContext Context,
    string CustomerKey,
    string PeriodId,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    IReadOnlyList<InvoicedLine> Lines) : ICommand<CommandResult>, ICustomerCommand, IUserCommand;

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

public sealed class CloseBillingPeriodHandler(CustomerLedger ledger) : ICommandHandler<CloseBillingPeriod, CommandResult>
{
    public ValueTask<CommandResult> Handle(CloseBillingPeriod command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(
            command,
            now => new CustomerCommand.CloseBillingPeriod(
                command.PeriodId,
                command.PeriodStart,
                command.PeriodEnd,
                command.Lines
                    .Select(l => new InvoicedQuantity(EnumText.Parse<BillableService>(l.Service), l.SeatType, l.PsaLineId, l.Quantity, l.UnitPrice?.ToMoney()))
                    .ToList(),
                command.Context.Actor,
                now),
            cancellationToken);
}
