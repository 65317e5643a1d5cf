using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using static LedgerReconcile.Domain.Customers.CustomerCommand;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Domain.Tests.Customers;

/// <summary>
/// Ledgers that already hold a value validation now refuses (a period ending in 9999, a snapshot observed in 9999):
/// the events are given directly, as an older version of the ledger stored them.
/// </summary>
public class BadValuesInTheLedgerTests
{
    private static readonly IReadOnlyList<InvoicedQuantity> Lines = [new(BillableService.PerAgent, null, "line-agents", 4m, null)];

    private static readonly BillingPeriodClosed OctoberClosedUntil9999 =
        new("2025-10", new DateOnly(2025, 10, 1), new DateOnly(9999, 10, 31), Lines, Sample.Person, Sample.Now);

    private static readonly DateTimeOffset Year9999 = new(9999, 10, 31, 23, 0, 0, TimeSpan.Zero);

    private static CloseBillingPeriod CloseNovember() =>
        new("2025-11", new DateOnly(2025, 11, 1), new DateOnly(2025, 11, 30), Lines, Sample.Person, Sample.Now.AddDays(30));

    private static CorrectBillingPeriod CorrectOctober() =>
        new("2025-10", new DateOnly(2025, 10, 1), new DateOnly(2025, 10, 31), "End typed as 9999-10-31", Sample.Person, Sample.Now.AddDays(29));

    [Fact]
    public void APeriodClosedUntil9999BlocksTheNextClose() =>
        Spec.Customer.Given(OctoberClosedUntil9999).When(CloseNovember()).ThenViolates("period.overlaps");

    [Fact]
    public void CorrectingTheBoundsOfAClosedPeriodIsRecordedNextToTheClose() =>
        Spec.Customer
            .Given(OctoberClosedUntil9999)
            .When(CorrectOctober())
            .Then(new BillingPeriodCorrected(
                "2025-10", new DateOnly(2025, 10, 1), new DateOnly(9999, 10, 31), new DateOnly(2025, 10, 1), new DateOnly(2025, 10, 31),
                "End typed as 9999-10-31", Sample.Person, Sample.Now.AddDays(29)));

    [Fact]
    public void AfterTheCorrectionTheNextPeriodCloses()
    {
        var corrected = Spec.Customer.Given(OctoberClosedUntil9999).When(CorrectOctober()).Decide();

        Spec.Customer.Given([OctoberClosedUntil9999, .. corrected]).When(CloseNovember()).Then(
            new BillingPeriodClosed("2025-11", new DateOnly(2025, 11, 1), new DateOnly(2025, 11, 30), Lines, Sample.Person, Sample.Now.AddDays(30)));
    }

    [Fact]
    public void CorrectingAPeriodTheSameWayChangesNothing() =>
        Spec.Customer.Given(OctoberClosedUntil9999).When(CorrectOctober() with { PeriodEnd = new DateOnly(9999, 10, 31) }).ThenNothing();

    [Fact]
    public void CantCorrectAPeriodIntoAnotherClosedOne()
    {
        var november = new BillingPeriodClosed("2025-11", new DateOnly(2025, 11, 1), new DateOnly(2025, 11, 30), Lines, Sample.Person, Sample.Now);

        Spec.Customer.Given(november, OctoberClosedUntil9999 with { PeriodStart = new DateOnly(2025, 12, 1) })
            .When(CorrectOctober() with { PeriodEnd = new DateOnly(2025, 11, 15) })
            .ThenViolates("period.overlaps");
    }

    [Fact]
    public void CantCorrectAPeriodThatWasNeverClosed() =>
        Spec.Customer.When(CorrectOctober()).ThenViolates("period.not_closed");

    [Fact]
    public void ASnapshotObservedIn9999IsVoidedByTheNextPlausibleSnapshot()
    {
        var future = Sample.Recorded(Sample.Snapshot("snap-9999", Year9999));
        var next = Sample.Snapshot("snap-2", Sample.ObservedAt.AddDays(1)) with { Volumes = [], Now = Sample.Now.AddDays(1) };

        var events = Spec.Customer.Given(future).When(next).Decide();

        var voided = Assert.IsType<UsageSnapshotVoided>(events[0]);
        Assert.Equal("snap-9999", voided.SnapshotId);
        Assert.Equal(Year9999, voided.ObservedAt);
        Assert.IsType<UsageSnapshotRecorded>(Assert.Single(events[1..]));
        var state = Spec.Customer.Given(future).When(next).ThenState();
        Assert.Equal("snap-2", state.Usage!.ContentSnapshotId);
        Assert.Empty(state.Usage.Content.Volumes);
    }

    [Fact]
    public void ASnapshotObservedIn9999IsVoidedEvenWhenTheNextOneSawTheSameContent()
    {
        var future = Sample.Recorded(Sample.Snapshot("snap-9999", Year9999));

        var state = Spec.Customer.Given(future).When(Sample.Snapshot("snap-2") with { Now = Sample.Now }).ThenState();

        Assert.Equal("snap-2", state.Usage!.ContentSnapshotId);
        Assert.Equal(Sample.ObservedAt, state.Usage.LastSeenAt);
    }

    [Fact]
    public void ASnapshotSlightlyAheadOfTheClockIsNotVoided()
    {
        var ahead = Sample.Recorded(Sample.Snapshot("snap-ahead", Sample.Now.AddMinutes(5)));

        var events = Spec.Customer.Given(ahead).When(Sample.Snapshot("snap-2") with { Now = Sample.Now }).Decide();

        Assert.DoesNotContain(events, e => e is UsageSnapshotVoided);
    }
}
