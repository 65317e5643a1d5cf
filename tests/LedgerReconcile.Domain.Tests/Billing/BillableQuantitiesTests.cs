using System.Collections.Immutable;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Domain.Tests.Billing;

public class BillableQuantitiesTests
{
    private static BillableUsage Compute(ImmutableDictionary<CountingPolicyKind, CountingChoice> tenantPolicies, params CustomerEvent[] more) =>
        BillableQuantities.Compute(CustomerState.Fold([Sample.Recorded(), .. more]), tenantPolicies);

    private static string[] Ids(IEnumerable<AssetOutcome> outcomes) => outcomes.Select(o => o.Asset.Id).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void UnderTheDefaultsSharesAndExpiredDevicesWaitForAPerson()
    {
        var usage = Compute(Sample.NoTenantPolicies);

        var devices = usage.For(BillableService.PerDevice);
        Assert.Equal(3m, devices.Quantity);
        Assert.Equal(["NAS000003"], Ids(devices.NeedsDecision));
        var agents = usage.For(BillableService.PerAgent);
        Assert.Equal(4m, agents.Quantity);
        Assert.Equal(["vol-azure-archived"], Ids(agents.Ignored));
        Assert.Equal(["vol-share-finance", "vol-share-scans"], Ids(agents.NeedsDecision));
        Assert.Equal(2m, usage.For(BillableService.EndpointBackup).Quantity);
    }

    [Fact]
    public void OffsiteStorageSumsTheBytesOfCountedDevices()
    {
        var storage = Compute(Sample.NoTenantPolicies).For(BillableService.OffsiteStorage);

        Assert.Equal(1_649_267_441_664m + 805_306_368_000m + 1_073_741_824m, storage.RawAmount);
        Assert.Equal(2455.648m, storage.Quantity);
    }

    [Fact]
    public void StorageIsBilledByTheMappedUnitRule()
    {
        var halfTerabytesOverOneIncluded = new UnitRule(BillingUnit.Terabyte, 1024, Rounding.Up, 0.5m, 1m, 2m);

        var storage = Compute(Sample.NoTenantPolicies, Sample.ServiceMapped(BillableService.OffsiteStorage, "line-storage", halfTerabytesOverOneIncluded))
            .For(BillableService.OffsiteStorage);

        // 2.2333 TiB, 1 TiB included, per started 0.5 TiB => 1.5, below the minimum of 2.
        Assert.Equal(2m, storage.Quantity);
        Assert.Equal("line-storage", storage.Mapping!.PsaLineId);
    }

    [Fact]
    public void SaasSeatsCountBillableSeatsAndThePortalCountWhereSeatsCouldNotBeListed()
    {
        var seats = Compute(Sample.NoTenantPolicies).For(BillableService.SaasSeats);

        Assert.Equal(10m, seats.Quantity);
        Assert.Equal(["9001/gone@acme.com", "9001/old@acme.com"], Ids(seats.Ignored));
        Assert.All(seats.Ignored, o => Assert.Equal(CountingBasis.Rule, o.Basis));
    }

    [Fact]
    public void SaasSeatsMappedPerTypeAreCountedPerType()
    {
        var usage = Compute(
            Sample.NoTenantPolicies,
            Sample.ServiceMapped(BillableService.SaasSeats, "line-users", seatType: "User"),
            Sample.ServiceMapped(BillableService.SaasSeats, "line-mailboxes", seatType: "SharedMailbox"));

        Assert.Equal(2m, usage.For(BillableService.SaasSeats, "User").Quantity);
        Assert.Equal(1m, usage.For(BillableService.SaasSeats, "SharedMailbox").Quantity);
        Assert.Equal(7m, usage.For(BillableService.SaasSeats, BillableQuantities.UnlistedSeatType).Quantity);
    }

    [Fact]
    public void StricterTenantPoliciesExcludePausedArchivedAndHiddenAndCountSharesOnTheirOwnLine()
    {
        var strict = new Dictionary<CountingPolicyKind, CountingChoice>
        {
            [CountingPolicyKind.NasShares] = CountingChoice.Count,
            [CountingPolicyKind.PausedAgents] = CountingChoice.Exclude,
            [CountingPolicyKind.ArchivedAgents] = CountingChoice.Exclude,
            [CountingPolicyKind.HiddenDevices] = CountingChoice.Exclude,
            [CountingPolicyKind.ExpiredDevices] = CountingChoice.Count,
        }.ToImmutableDictionary();

        var usage = Compute(strict, Sample.ServiceMapped(BillableService.NasShares, "line-shares"));

        Assert.Equal(["AZURE0004", "NAS000003", "SIRIS0001"], Ids(usage.For(BillableService.PerDevice).Counted));
        Assert.Equal(["vol-agent-active", "vol-agent-alto"], Ids(usage.For(BillableService.PerAgent).Counted));
        Assert.Equal(2m, usage.For(BillableService.NasShares).Quantity);
        Assert.Equal(1_649_267_441_664m + 536_870_912_000m + 1_073_741_824m, usage.For(BillableService.OffsiteStorage).RawAmount);
    }

    [Fact]
    public void ACustomerOverrideBeatsTheTenantPolicy()
    {
        var tenantIgnoresShares = Sample.NoTenantPolicies.Add(CountingPolicyKind.NasShares, CountingChoice.Exclude);

        var usage = Compute(
            tenantIgnoresShares,
            new CustomerCountingPolicySet(CountingPolicyKind.NasShares, CountingChoice.Count, "pays for shares", Sample.Now, Sample.Person, Sample.Now));

        Assert.Equal(6m, usage.For(BillableService.PerAgent).Quantity);
        Assert.Contains(new PolicyInForce(CountingPolicyKind.NasShares, CountingChoice.Count, PolicySource.Customer), usage.Policies);
    }

    [Fact]
    public void AnIgnoreDecisionIsShownWithWhoDecidedAndWhy()
    {
        var usage = Compute(Sample.NoTenantPolicies, new AssetIgnored(AssetRef.Volume("vol-agent-alto"), "Lab machine", Sample.Person, Sample.Now));

        var ignored = Assert.Single(usage.For(BillableService.PerAgent).Ignored, o => o.Asset.Id == "vol-agent-alto");
        Assert.Equal((CountingBasis.IgnoreDecision, Sample.Person, "Lab machine"), (ignored.Basis, ignored.Decision!.Actor, ignored.Decision.Reason));
    }

    [Fact]
    public void AnIncludedShareIsCountedWhileTheOtherStillWaits()
    {
        var agents = Compute(Sample.NoTenantPolicies, new AssetIncluded(AssetRef.Volume("vol-share-finance"), "customer data", Sample.Person, Sample.Now))
            .For(BillableService.PerAgent);

        Assert.Contains(agents.Counted, o => o.Asset.Id == "vol-share-finance" && o.Basis == CountingBasis.IncludeDecision);
        Assert.Equal(["vol-share-scans"], Ids(agents.NeedsDecision));
    }

    [Fact]
    public void WithoutUsageEveryServiceIsZeroUnlessAMinimumApplies()
    {
        var state = CustomerState.Fold([Sample.ServiceMapped(BillableService.PerAgent, "line-agents", UnitRule.Each with { Minimum = 5m })]);

        var usage = BillableQuantities.Compute(state, Sample.NoTenantPolicies);

        Assert.Equal(5m, usage.For(BillableService.PerAgent).Quantity);
        Assert.Equal(0m, usage.For(BillableService.PerDevice).Quantity);
    }
}
