using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Domain.Tests.Billing;

/// <summary>A random customer: one snapshot, some tenant policies, some overrides, mappings and decisions.</summary>
public sealed record Scenario(
    CustomerCommand.RecordUsageSnapshot Snapshot,
    ImmutableDictionary<CountingPolicyKind, CountingChoice> TenantPolicies,
    IReadOnlyList<CustomerEvent> Settings)
{
    public CustomerState State() => CustomerState.Fold([Sample.Recorded(Snapshot), .. Settings]);

    public IReadOnlyList<AssetRef> Assets() => CustomerState.AssetsOf(Sample.Recorded(Snapshot).Content).ToList();

    public override string ToString() => $"{Snapshot.Devices.Count} devices, {Snapshot.Volumes.Count} volumes, {Settings.Count} settings";
}

public static class LedgerArbitraries
{
    private static readonly Gen<CountingChoice?> MaybeChoice =
        Gen.Elements<CountingChoice?>(null, null, CountingChoice.Count, CountingChoice.Exclude, CountingChoice.NeedsDecision);

    public static Arbitrary<Scenario> Scenarios() => ScenarioGen().ToArbitrary();

    public static Arbitrary<UnitRule> UnitRules() =>
        (from unit in Gen.Elements(BillingUnit.Gigabyte, BillingUnit.Terabyte, BillingUnit.Each)
         from @base in Gen.Elements(1000, 1024)
         from rounding in Gen.Elements(Enum.GetValues<Rounding>())
         from step in Gen.Elements(0.001m, 0.5m, 1m, 100m, 500m)
         from allowance in Gen.Elements(0m, 1m, 2.5m, 1000m)
         from minimum in Gen.Elements(0m, 1m, 3m)
         select new UnitRule(unit, @base, rounding, step, allowance, minimum)).ToArbitrary();

    private static Gen<Scenario> ScenarioGen() =>
        from deviceCount in Gen.Choose(0, 4)
        from devices in Gen.CollectToList(Enumerable.Range(0, deviceCount), Device)
        from volumes in devices.Count == 0 ? Gen.Constant(new List<VolumeUsage>()) : Gen.ListOf(Volume(devices.Select(d => d.SerialNumber).ToArray())).Select(Distinct)
        from endpointCount in Gen.Choose(0, 3)
        from domains in Gen.CollectToList(Enumerable.Range(0, 2), Domain)
        from tenantChoices in Gen.CollectToList(Enum.GetValues<CountingPolicyKind>(), kind => MaybeChoice.Select(c => (kind, c)))
        from overrides in Gen.CollectToList(Enum.GetValues<CountingPolicyKind>(), kind => MaybeChoice.Select(c => (kind, c)))
        from sharesOwnLine in Gen.Elements(true, false)
        let snapshot = Sample.Snapshot() with
        {
            Devices = devices,
            Volumes = volumes,
            EndpointAgents = Enumerable.Range(0, endpointCount).Select(i => new EndpointAgentUsage($"ep-{i}", $"laptop-{i}", null, null)).ToList(),
            SaasDomains = domains.Where(d => d is not null).Select(d => d!).ToList(),
        }
        from decisions in Decisions(CustomerState.AssetsOf(Sample.Recorded(snapshot).Content).ToList())
        select new Scenario(
            snapshot,
            tenantChoices.Where(t => t.c is not null).ToImmutableDictionary(t => t.kind, t => t.c!.Value),
            [
                .. overrides.Where(o => o.c is not null)
                    .Select(o => new CustomerCountingPolicySet(o.kind, o.c!.Value, "random", Sample.Now, Sample.Person, Sample.Now)),
                .. sharesOwnLine ? [Sample.ServiceMapped(BillableService.NasShares, "line-shares")] : Array.Empty<CustomerEvent>(),
                .. decisions,
            ]);

    private static Gen<ObservedDevice> Device(int index) =>
        from hidden in Gen.Elements(true, false)
        from expired in Gen.Elements(true, false)
        from azure in Gen.Elements(true, false)
        from gigabytes in Gen.Choose(0, 50_000)
        select new ObservedDevice(
            $"DEV{index}",
            $"device-{index}",
            "S5",
            hidden,
            expired ? new DateOnly(2025, 1, 31) : new DateOnly(2030, 1, 31),
            azure,
            gigabytes,
            "GB");

    private static Gen<VolumeUsage> Volume(string[] serials) =>
        from serial in Gen.Elements(serials)
        from id in Gen.Choose(0, 30)
        from share in Gen.Elements(true, false)
        from paused in Gen.Elements(true, false)
        from archived in Gen.Elements(true, false)
        select new VolumeUsage(serial, $"vol-{id}", $"volume-{id}", share ? VolumeType.Share : VolumeType.Agent, paused, archived, null, null);

    private static List<VolumeUsage> Distinct(List<VolumeUsage> volumes) =>
        volumes.DistinctBy(v => v.VolumeId).ToList();

    private static Gen<SaasDomainUsage?> Domain(int index) =>
        from present in Gen.Elements(true, false)
        from listed in Gen.Elements(true, false)
        from seatsUsed in Gen.Choose(0, 20)
        from seats in Gen.ListOf(Seat).Select(s => s.DistinctBy(x => x.MainId).ToList())
        select present ? new SaasDomainUsage(9000 + index, $"d{index}.example", "Office365", seatsUsed, listed ? seats : null) : null;

    private static readonly Gen<SaasSeatUsage> Seat =
        from id in Gen.Choose(0, 20)
        from type in Gen.Elements("User", "SharedMailbox", "Team")
        from state in Gen.Elements("Active", "Paused", "Archived", "Unprotected")
        from billable in Gen.Elements(true, false)
        select new SaasSeatUsage($"user{id}@example.com", $"User {id}", type, state, billable);

    private static Gen<CustomerEvent[]> Decisions(List<AssetRef> assets) =>
        assets.Count == 0
            ? Gen.Constant(Array.Empty<CustomerEvent>())
            : from picks in Gen.CollectToList(assets, asset => Gen.Elements(0, 0, 1, 2).Select(p => (asset, p)))
              select picks
                  .Where(x => x.p != 0)
                  .Select(x => x.p == 1
                      ? (CustomerEvent)new AssetIgnored(x.asset, "random", Sample.Person, Sample.Now)
                      : new AssetIncluded(x.asset, "random", Sample.Person, Sample.Now))
                  .ToArray();
}

[Properties(Arbitrary = [typeof(LedgerArbitraries)], MaxTest = 200)]
public class BillableQuantitiesProperties
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    [Property]
    public Property IgnoringThenRevokingIsANoOp(Scenario scenario, int pick)
    {
        var state = scenario.State();
        var assets = scenario.Assets().Where(a => !state.Ignored.ContainsKey(a) && !state.Included.ContainsKey(a)).ToList();
        return Prop.When(assets.Count > 0, () =>
        {
            var asset = assets[Math.Abs(pick % assets.Count)];
            var ignored = CustomerDecider.Decide(new CustomerCommand.IgnoreAsset(asset, "why", Sample.Person, Sample.Now), state);
            var afterIgnore = ignored.Aggregate(state, CustomerState.Evolve);
            var revoked = CustomerDecider.Decide(new CustomerCommand.RevokeIgnore(asset, "undo", Sample.Person, Sample.Now), afterIgnore);
            var afterRevoke = revoked.Aggregate(afterIgnore, CustomerState.Evolve);

            Assert.Equal(Describe(state, scenario), Describe(afterRevoke, scenario));
        });
    }

    [Property]
    public bool IgnoringAnAssetNeverLeavesItCounted(Scenario scenario, int pick)
    {
        var state = scenario.State();
        var assets = scenario.Assets().Where(a => !state.Included.ContainsKey(a)).ToList();
        if (assets.Count == 0)
        {
            return true;
        }

        var asset = assets[Math.Abs(pick % assets.Count)];
        var after = CustomerDecider.Decide(new CustomerCommand.IgnoreAsset(asset, "why", Sample.Person, Sample.Now), state).Aggregate(state, CustomerState.Evolve);
        return BillableQuantities.Compute(after, scenario.TenantPolicies).Services.All(s => s.Counted.All(o => o.Asset != asset));
    }

    [Property]
    public bool NoAssetIsBothCountedAndIgnored(Scenario scenario) =>
        BillableQuantities.Compute(scenario.State(), scenario.TenantPolicies).Services.All(service =>
            !service.Counted.Select(o => o.Asset).Intersect(service.Ignored.Select(o => o.Asset)).Any());

    [Property]
    public void CountedIgnoredAndUndecidedPartitionTheAssetsOfEachService(Scenario scenario)
    {
        var usage = BillableQuantities.Compute(scenario.State(), scenario.TenantPolicies);
        var content = Sample.Recorded(scenario.Snapshot).Content;
        var devices = content.Devices.Select(d => AssetRef.Device(d.SerialNumber)).ToHashSet();

        AssertPartition(devices, usage.For(BillableService.PerDevice));
        AssertPartition(devices, usage.For(BillableService.OffsiteStorage));
        AssertPartition(content.EndpointAgents.Select(a => AssetRef.EndpointAgent(a.AssetUuid)).ToHashSet(), usage.For(BillableService.EndpointBackup));

        var volumes = content.Volumes.Select(v => AssetRef.Volume(v.VolumeId)).ToHashSet();
        var agentsAndShares = usage.For(BillableService.PerAgent).AllAssets().Concat(usage.For(BillableService.NasShares).AllAssets()).ToList();
        Assert.Equal(volumes.Count, agentsAndShares.Count);
        Assert.True(volumes.SetEquals(agentsAndShares));

        var seatsAndDomains = content.SaasDomains.SelectMany(d => d.Seats is null
                ? [AssetRef.SaasDomain(d.SaasCustomerId)]
                : d.Seats.Select(s => AssetRef.SaasSeat(d.SaasCustomerId, s.MainId)))
            .ToHashSet();
        var saas = usage.Services.Where(s => s.Line.Service == BillableService.SaasSeats).SelectMany(s => s.AllAssets()).ToList();
        Assert.Equal(seatsAndDomains.Count, saas.Count);
        Assert.True(seatsAndDomains.SetEquals(saas));
    }

    [Property]
    public bool TheQuantityIsTheUnitRuleAppliedToWhatWasCounted(Scenario scenario) =>
        BillableQuantities.Compute(scenario.State(), scenario.TenantPolicies).Services.All(s =>
            s.RawAmount == s.Counted.Sum(o => o.Amount) && s.Quantity == s.UnitRule.Quantity(s.RawAmount));

    [Property]
    public bool UnitConversionIsMonotonic(UnitRule rule, NonNegativeInt a, NonNegativeInt b, byte scale)
    {
        var multiplier = 1L << (scale % 31);
        var (smaller, larger) = a.Get <= b.Get ? (a.Get, b.Get) : (b.Get, a.Get);
        return rule.Quantity((decimal)smaller * multiplier) <= rule.Quantity((decimal)larger * multiplier);
    }

    [Property]
    public bool StorageNormalisationIsMonotonicInTheReportedSize(NonNegativeInt a, NonNegativeInt b, byte unitPick)
    {
        var units = StorageSize.KnownUnits.ToArray();
        var unit = units[unitPick % units.Length];
        StorageSize.TryToBytes(Math.Min(a.Get, b.Get), unit, out var smaller);
        StorageSize.TryToBytes(Math.Max(a.Get, b.Get), unit, out var larger);
        return smaller <= larger;
    }

    private static void AssertPartition(HashSet<AssetRef> expected, ServiceQuantity service)
    {
        var all = service.AllAssets().ToList();
        Assert.Equal(expected.Count, all.Count);
        Assert.True(expected.SetEquals(all), $"{service.Line} lists other assets than it owns.");
    }

    private static string Describe(CustomerState state, Scenario scenario) =>
        JsonSerializer.Serialize(BillableQuantities.Compute(state, scenario.TenantPolicies), Json);
}

internal static class ServiceQuantityExtensions
{
    public static IEnumerable<AssetRef> AllAssets(this ServiceQuantity service) =>
        service.Counted.Concat(service.Ignored).Concat(service.NeedsDecision).Select(o => o.Asset);
}
