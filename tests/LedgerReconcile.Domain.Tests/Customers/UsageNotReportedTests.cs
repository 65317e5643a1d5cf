using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.Tenants;
using static LedgerReconcile.Domain.Customers.CustomerCommand;
using static LedgerReconcile.Domain.Customers.CustomerEvent;
using static LedgerReconcile.Domain.Tests.Customers.PsaQuantityTests;

namespace LedgerReconcile.Domain.Tests.Customers;

public class UsageNotReportedTests
{
    private static readonly DateTimeOffset LastReported = Sample.ObservedAt;
    private static readonly DateTimeOffset FourDaysLater = LastReported.AddDays(4);
    private static readonly TimeSpan ThreeDays = TimeSpan.FromDays(3);

    private static DateTimeOffset[] SyncsAfterTheLastReport(int count) => [.. Enumerable.Range(1, count).Select(i => LastReported.AddHours(6 * i))];

    private static RecordUsageNotReported Check(DateTimeOffset[] completedSyncs, DateTimeOffset? now = null) =>
        new("run-9", completedSyncs, 2, ThreeDays, "sync:datto", now ?? FourDaysLater);

    private static AutoApproveQuantityChange AutoApproveAnyChange(Guid proposalId) =>
        new(proposalId, [new AutoApprovalRule(BillableService.PerAgent, null, 1000, 1000)], "worker:write-back", FourDaysLater);

    private static UsageNotReported NotReported(int missed = 2) => new("run-9", LastReported, missed, 2, ThreeDays, "sync:datto", FourDaysLater);

    private static BillableUsage Billable(params CustomerEvent[] events) => BillableQuantities.Compute(CustomerState.Fold(events), SharesExcluded);

    [Fact]
    public void ACustomerMissingFromEnoughCompletedSyncsForLongEnoughIsNotReported() =>
        Spec.Customer.Given(Sample.Recorded()).When(Check(SyncsAfterTheLastReport(2))).Then(NotReported());

    [Fact]
    public void OneMissedSyncIsWithinTheGracePeriodHoweverLongAgo() =>
        Spec.Customer.Given(Sample.Recorded()).When(Check(SyncsAfterTheLastReport(1), LastReported.AddDays(30))).ThenNothing();

    [Fact]
    public void ManyMissedSyncsWithinThreeDaysAreWithinTheGracePeriod() =>
        Spec.Customer.Given(Sample.Recorded()).When(Check(SyncsAfterTheLastReport(8), LastReported.AddDays(2))).ThenNothing();

    [Fact]
    public void SyncsThatStartedBeforeTheLastReportAreNotMissed() =>
        Spec.Customer
            .Given(Sample.Recorded())
            .When(Check([LastReported.AddHours(-12), LastReported.AddHours(-6), LastReported.AddHours(6)]))
            .ThenNothing();

    [Fact]
    public void AnUnchangedObservationCountsAsAReport() =>
        Spec.Customer
            .Given(Sample.Recorded(), new UsageObservedUnchanged("snap-2", "run-2", LastReported.AddDays(2), "hash", "snap-1", [], "sync:datto"))
            .When(Check(SyncsAfterTheLastReport(12)))
            .ThenNothing();

    [Fact]
    public void ACustomerThatNeverHadUsageIsNeverNotReported() =>
        Spec.Customer.Given(Sample.AccountMapped()).When(Check(SyncsAfterTheLastReport(20))).ThenNothing();

    [Fact]
    public void ACustomerAlreadyNotReportedIsNotRecordedAgain() =>
        Spec.Customer.Given(Sample.Recorded(), NotReported()).When(Check(SyncsAfterTheLastReport(20), LastReported.AddDays(9))).ThenNothing();

    [Fact]
    public void NothingIsBillableWhileNotReportedButTheLastContentIsKeptAndSaysWhy()
    {
        var before = Billable(Sample.Recorded());
        var state = CustomerState.Fold([Sample.Recorded(), NotReported()]);
        var after = BillableQuantities.Compute(state, SharesExcluded);

        Assert.True(before.For(BillableService.PerAgent).Quantity > 0);
        Assert.All(after.Services, s => Assert.Equal((0m, 0m, 0), (s.Quantity, s.RawAmount, s.Counted.Count + s.NeedsDecision.Count)));
        Assert.Equal(Sample.Devices.Count, state.Usage!.Content.Devices.Count);
        var device = after.For(BillableService.PerDevice).Ignored.First();
        Assert.Equal(CountingBasis.Rule, device.Basis);
        Assert.StartsWith("Not reported by Datto since 2025-10-31 23:00 UTC (2 completed syncs missed)", device.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void ALineWithAMinimumBillsNothingEitherWhileNotReported()
    {
        var minimum = new UnitRule(BillingUnit.Terabyte, 1000, Rounding.Up, 1m, 0m, 2m);
        var mapped = Sample.ServiceMapped(BillableService.OffsiteStorage, "line-storage", minimum);

        Assert.True(Billable(Sample.Recorded(), mapped).For(BillableService.OffsiteStorage).Quantity >= 2m);
        Assert.Equal(0m, Billable(Sample.Recorded(), mapped, NotReported()).For(BillableService.OffsiteStorage).Quantity);
    }

    [Fact]
    public void ReconciliationProposesZeroForANotReportedCustomer()
    {
        var proposed = Assert.IsType<QuantityChangeProposed>(Assert.Single(Spec.Customer
            .Given([.. MappedAndRead(), NotReported()])
            .When(new ReconcileCustomer(Guid.NewGuid(), SharesExcluded, "sync:reconcile", FourDaysLater))
            .Decide()));

        Assert.Equal((2m, 0m), (proposed.From, proposed.To));
    }

    [Fact]
    public void NoRuleAutoApprovesAProposalToZeroMadeWhileNotReported()
    {
        var toZero = ProposalToZero();

        Spec.Customer
            .Given([.. MappedAndRead(), NotReported(), toZero])
            .When(AutoApproveAnyChange(toZero.ProposalId))
            .ThenNothing();
    }

    [Fact]
    public void AProposalMadeWhileNotReportedStillNeedsAPersonAfterTheCustomerReportsAgain()
    {
        var toZero = ProposalToZero();
        var reportedAgain = Sample.Recorded(Sample.Snapshot("snap-2", FourDaysLater.AddHours(1)));

        Spec.Customer
            .Given([.. MappedAndRead(), NotReported(), toZero, reportedAgain])
            .When(AutoApproveAnyChange(toZero.ProposalId))
            .ThenNothing();
    }

    [Fact]
    public void AReportedProposalWithinTheRuleIsStillAutoApproved() =>
        Assert.IsType<QuantityChangeAutoApproved>(Assert.Single(Spec.Customer
            .Given([.. MappedAndRead(), Proposed()])
            .When(AutoApproveAnyChange(ProposalId))
            .Decide()));

    [Fact]
    public void TheNextSnapshotReportsTheCustomerAgainAndItIsBilledAgain()
    {
        var state = Spec.Customer
            .Given(Sample.Recorded(), NotReported())
            .When(Sample.Snapshot("snap-2", FourDaysLater.AddHours(1)))
            .ThenState();

        Assert.Null(state.NotReported);
        Assert.Equal(Billable(Sample.Recorded()).For(BillableService.PerAgent).Quantity, BillableQuantities.Compute(state, SharesExcluded).For(BillableService.PerAgent).Quantity);
    }

    [Fact]
    public void TheSameContentSeenAgainAlsoReportsTheCustomerAgain()
    {
        var seenAgain = Spec.Customer.Given(Sample.Recorded(), NotReported()).When(Sample.Snapshot("snap-2", FourDaysLater.AddHours(1)));

        Assert.IsType<UsageObservedUnchanged>(Assert.Single(seenAgain.Decide()));
        Assert.Null(seenAgain.ThenState().NotReported);
    }

    [Fact]
    public void ADeviceMissingFromASnapshotIsNotCountedFromThatSnapshot()
    {
        var withoutAlto = Sample.Snapshot("snap-2", LastReported.AddHours(6)) with
        {
            Devices = Sample.Devices.Where(d => d.SerialNumber != "ALTO00002").ToList(),
            Volumes = Sample.Volumes.Where(v => v.DeviceSerial != "ALTO00002").ToList(),
        };

        var state = Spec.Customer.Given(Sample.Recorded()).When(withoutAlto).ThenState();

        var devices = BillableQuantities.Compute(state, SharesExcluded).For(BillableService.PerDevice);
        Assert.DoesNotContain(devices.Counted.Concat(devices.Ignored).Concat(devices.NeedsDecision), a => a.Asset == AssetRef.Device("ALTO00002"));
    }

    [Fact]
    public void ASaasDomainAbsentFromASuccessfulSaasReadIsGone()
    {
        var withoutOneDomain = Sample.Snapshot("snap-2", LastReported.AddHours(6)) with { SaasDomains = [Sample.SaasDomains[0]] };

        var state = Spec.Customer.Given(Sample.Recorded()).When(withoutOneDomain).ThenState();

        Assert.Equal([9001L], state.Usage!.Content.SaasDomains.Select(d => d.SaasCustomerId));
        Assert.Equal(3m, BillableQuantities.Compute(state, SharesExcluded).For(BillableService.SaasSeats).Quantity);
    }

    private static QuantityChangeProposed ProposalToZero() =>
        (QuantityChangeProposed)CustomerDecider.Decide(Propose(), CustomerState.Fold([.. MappedAndRead(), NotReported()])).Single();
}
