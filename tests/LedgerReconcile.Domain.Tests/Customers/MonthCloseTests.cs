using System.Collections.Immutable;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.Tenants;
using static LedgerReconcile.Domain.Customers.CustomerCommand;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Domain.Tests.Customers;

/// <summary>A month closed for the whole book: frozen per customer, adjusted only by new events, closed once per tenant.</summary>
public class MonthCloseTests
{
    private static readonly DateTimeOffset CutOff = new(2025, 11, 3, 18, 0, 0, TimeSpan.Zero);
    private static readonly ServiceLine Agents = new(BillableService.PerAgent);

    private static readonly IReadOnlyList<FrozenLine> Lines =
    [
        new(BillableService.PerAgent, null, "line-agents", 4m, 3m, new Money(12.5m, "USD"), 37.5m, 50m),
        new(BillableService.PerDevice, null, null, 1m, null, null, null, null),
    ];

    private static FreezeBillingPeriod Freeze(string periodId = "2025-10", DateOnly? start = null, DateOnly? end = null) =>
        new(periodId, start ?? new DateOnly(2025, 10, 1), end ?? new DateOnly(2025, 10, 31), CutOff, Lines, Sample.Person, Sample.Now);

    private static BillingPeriodFrozen Frozen { get; } =
        new("2025-10", new DateOnly(2025, 10, 1), new DateOnly(2025, 10, 31), CutOff, Lines, Sample.Person, Sample.Now);

    private static AdjustFrozenPeriod KnownNow(params (ServiceLine Line, decimal Quantity)[] lines) =>
        new("2025-10", lines.ToDictionary(l => l.Line, l => l.Quantity), ["cause-1"], "late snapshot", "system:period-adjuster", Sample.Now);

    [Fact]
    public void ClosingFreezesEveryLine() => Spec.Customer.When(Freeze()).Then(Frozen);

    [Fact]
    public void AFreezeSentAgainAfterACrashChangesNothing() => Spec.Customer.Given(Frozen).When(Freeze()).ThenNothing();

    [Fact]
    public void AClosedMonthIsNeverFrozenAgainWithOtherBounds() =>
        Spec.Customer.Given(Frozen).When(Freeze(end: new DateOnly(2025, 10, 30))).ThenViolates("period.already_closed");

    [Fact]
    public void AMonthOverlappingAClosedOneCannotBeClosed() =>
        Spec.Customer.Given(Frozen).When(Freeze("2025-10b", new DateOnly(2025, 10, 15), new DateOnly(2025, 11, 14))).ThenViolates("period.overlaps");

    [Fact]
    public void WhatIsKnownNowBeingWhatWasFrozenAdjustsNothing() =>
        Spec.Customer.Given(Frozen).When(KnownNow((Agents, 4m), (new ServiceLine(BillableService.PerDevice), 1m))).ThenNothing();

    [Fact]
    public void AMovedLineIsAdjustedWithItsMoneyAndCauseAndAVanishedLineGoesToZero()
    {
        var decided = Spec.Customer.Given(Frozen).When(KnownNow((Agents, 5m))).Decide();

        Assert.Equal(
            [(BillableService.PerAgent, 4m, 5m, (decimal?)12.5m), (BillableService.PerDevice, 1m, 0m, (decimal?)null)],
            decided.Cast<FrozenPeriodAdjusted>().Select(a => (a.Service, a.From, a.To, a.MoneyDelta)));
        Assert.All(decided.Cast<FrozenPeriodAdjusted>(), a => Assert.Equal(["cause-1"], a.CauseEventIds));
    }

    [Fact]
    public void AnAdjustmentMovesTheMonthAsItStandsNotTheFreeze()
    {
        var adjusted = new FrozenPeriodAdjusted("2025-10", BillableService.PerAgent, null, 4m, 5m, 12.5m, ["cause-1"], "late", "system:period-adjuster", Sample.Now);

        var state = Spec.Customer.Given(Frozen, adjusted).GivenState();

        Assert.Equal((5m, (decimal?)62.5m, (decimal?)3m), (state.FrozenPeriods["2025-10"].Lines[Agents].DattoQuantity, state.FrozenPeriods["2025-10"].Lines[Agents].BillableAmount, state.FrozenPeriods["2025-10"].Lines[Agents].PsaQuantity));
        Spec.Customer.Given(Frozen, adjusted).When(KnownNow((Agents, 5m), (new ServiceLine(BillableService.PerDevice), 1m))).ThenNothing();
    }

    [Fact]
    public void AMonthNotClosedCannotBeAdjusted() => Spec.Customer.When(KnownNow((Agents, 5m))).ThenViolates("period.not_closed");

    private static TenantCommand.CloseMonth CloseMonth(IReadOnlyList<CloseBlocker>? overridden = null, string? reason = null) =>
        new("2025-10", new DateOnly(2025, 10, 1), new DateOnly(2025, 10, 31), CutOff, 12, overridden ?? [], reason, Sample.Person, Sample.Now);

    [Fact]
    public void ATenantClosesAMonthOnce()
    {
        var closed = Assert.Single(Spec.Tenant.When(CloseMonth()).Decide());

        Spec.Tenant.Given(closed).When(CloseMonth()).ThenViolates("period.already_closed");
        Assert.Equal(CutOff, Spec.Tenant.Given(closed).GivenState().ClosedMonths["2025-10"].CutOff);
    }

    [Fact]
    public void ClosingOverBlockersNeedsAReason() =>
        Spec.Tenant.When(CloseMonth([new CloseBlocker(CloseBlockerKinds.OpenProposal, "org-1", "pending")], " ")).ThenViolates("period.override_needs_reason");

    [Fact]
    public void TheLastInstantOfADayIsJustBeforeMidnightUtc() =>
        Assert.Equal(new DateTimeOffset(2025, 11, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(-1), FrozenPeriod.LastInstantOf(new DateOnly(2025, 10, 31)));
}
