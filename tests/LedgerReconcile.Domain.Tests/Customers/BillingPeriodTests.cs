using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using static LedgerReconcile.Domain.Customers.CustomerCommand;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Domain.Tests.Customers;

public class BillingPeriodTests
{
    private static readonly IReadOnlyList<InvoicedQuantity> OctoberLines =
    [
        new(BillableService.PerAgent, null, "line-agents", 4m, new Money(12.50m, "EUR")),
        new(BillableService.OffsiteStorage, null, "line-storage", 3m, new Money(40m, "EUR")),
    ];

    private static CloseBillingPeriod CloseOctober(IReadOnlyList<InvoicedQuantity>? lines = null) =>
        new("2025-10", new DateOnly(2025, 10, 1), new DateOnly(2025, 10, 31), lines ?? OctoberLines, Sample.Person, Sample.Now);

    private static BillingPeriodClosed OctoberClosed { get; } =
        new("2025-10", new DateOnly(2025, 10, 1), new DateOnly(2025, 10, 31), OctoberLines, Sample.Person, Sample.Now);

    [Fact]
    public void ClosingAPeriodFreezesWhatWasInvoiced() =>
        Spec.Customer.When(CloseOctober()).Then(OctoberClosed);

    [Fact]
    public void ClosingTheSamePeriodTheSameWayChangesNothing() =>
        Spec.Customer.Given(OctoberClosed).When(CloseOctober()).ThenNothing();

    [Fact]
    public void CantCloseAClosedPeriodWithOtherQuantities() =>
        Spec.Customer.Given(OctoberClosed).When(CloseOctober([OctoberLines[0] with { Quantity = 5m }])).ThenViolates("period.already_closed");

    [Fact]
    public void CantCloseAPeriodThatOverlapsAClosedOne() =>
        Spec.Customer
            .Given(OctoberClosed)
            .When(CloseOctober() with { PeriodId = "2025-10b", PeriodStart = new DateOnly(2025, 10, 15), PeriodEnd = new DateOnly(2025, 11, 14) })
            .ThenViolates("period.overlaps");

    [Fact]
    public void CantCloseAPeriodThatEndsBeforeItStarts() =>
        Spec.Customer.When(CloseOctober() with { PeriodEnd = new DateOnly(2025, 9, 30) }).ThenViolates("period.invalid_range");

    [Fact]
    public void CantInvoiceTheSameLineTwiceInOnePeriod() =>
        Spec.Customer.When(CloseOctober([OctoberLines[0], OctoberLines[0]])).ThenViolates("period.duplicate_line");

    [Fact]
    public void ACorrectionAfterClosingIsAnAdjustmentWithItsCause()
    {
        var adjust = new AdjustClosedPeriod("2025-10", new ServiceLine(BillableService.PerAgent), 3m, "Agent acme-old01 was decommissioned on Oct 2", Sample.Person, Sample.Now);

        var state = Spec.Customer
            .Given(OctoberClosed)
            .When(adjust)
            .ThenState();

        Assert.Equal(3m, state.ClosedPeriods["2025-10"].Lines[new ServiceLine(BillableService.PerAgent)].Quantity);
        Spec.Customer.Given(OctoberClosed).When(adjust).Then(
            new BillingPeriodAdjusted("2025-10", BillableService.PerAgent, null, "line-agents", 4m, 3m, adjust.Cause, Sample.Person, Sample.Now));
    }

    [Fact]
    public void AdjustingToTheInvoicedQuantityChangesNothing() =>
        Spec.Customer
            .Given(OctoberClosed)
            .When(new AdjustClosedPeriod("2025-10", new ServiceLine(BillableService.PerAgent), 4m, "no-op", Sample.Person, Sample.Now))
            .ThenNothing();

    [Fact]
    public void CantAdjustAPeriodThatIsNotClosed() =>
        Spec.Customer
            .When(new AdjustClosedPeriod("2025-10", new ServiceLine(BillableService.PerAgent), 3m, "x", Sample.Person, Sample.Now))
            .ThenViolates("period.not_closed");

    [Fact]
    public void CantAdjustALineThatWasNotInvoiced() =>
        Spec.Customer
            .Given(OctoberClosed)
            .When(new AdjustClosedPeriod("2025-10", new ServiceLine(BillableService.PerDevice), 3m, "x", Sample.Person, Sample.Now))
            .ThenViolates("period.line_not_invoiced");

    [Fact]
    public void FoldingAnAdjustmentOfALineThePeriodNeverInvoicedChangesNothing()
    {
        var closed = CustomerState.Fold([OctoberClosed]);
        var stray = new BillingPeriodAdjusted("2025-10", BillableService.SaasSeats, "User", "line-seats", 0m, 9m, "imported by hand", Sample.Person, Sample.Now);

        var folded = CustomerState.Evolve(closed, stray);

        Assert.Equal(closed.ClosedPeriods["2025-10"].Lines, folded.ClosedPeriods["2025-10"].Lines);
    }
}
