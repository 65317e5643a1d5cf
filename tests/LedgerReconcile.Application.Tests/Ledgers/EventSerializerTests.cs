using System.Text;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.EventStore;

namespace LedgerReconcile.Application.Tests.Ledgers;

public class EventSerializerTests
{
    private const string AssetIgnoredV1 =
        """{"volumeId":"4a1b2c3d4e5f60718293a4b5c6d7e8f9","reason":"MSP's own share","actor":"bob@msp.example","decidedAt":"2024-03-01T09:30:00+00:00"}""";

    [Fact]
    public void AVersion1IgnoreOfAVolumeIsUpcastToTheCurrentShape()
    {
        var upcast = EventSerializer.Deserialize("customer.asset_ignored.v1", Encoding.UTF8.GetBytes(AssetIgnoredV1));

        Assert.Equal(
            new CustomerEvent.AssetIgnored(
                AssetRef.Volume("4a1b2c3d4e5f60718293a4b5c6d7e8f9"),
                "MSP's own share",
                "bob@msp.example",
                new DateTimeOffset(2024, 3, 1, 9, 30, 0, TimeSpan.Zero)),
            upcast);
    }

    [Fact]
    public async Task AVersion1EventInTheStoreFoldsIntoTodaysState()
    {
        await using var host = await LedgerHost.StartAsync();
        await host.SendAsync(Snapshots.Mixed());
        var stream = StreamNames.Customer(LedgerHost.Tenant, Snapshots.CustomerKey);
        await host.Store.AppendToStreamAsync(
            stream,
            ExpectedRevision.Exact(0),
            [new EventData(Guid.CreateVersion7(), "customer.asset_ignored.v1", Encoding.UTF8.GetBytes(AssetIgnoredV1), new EventMetadata(LedgerHost.Tenant, "bob@msp.example", "old"), new DateTimeOffset(2024, 3, 1, 9, 30, 0, TimeSpan.Zero))]);

        var usage = await host.SendAsync(new GetBillableQuantities(LedgerHost.Tenant, Snapshots.CustomerKey));

        var ignored = Assert.Single(usage.For(BillableService.PerAgent).Ignored);
        Assert.Equal(("4a1b2c3d4e5f60718293a4b5c6d7e8f9", "bob@msp.example"), (ignored.Asset.Id, ignored.Decision!.Actor));
    }

    [Fact]
    public async Task EveryEventAFullFlowStoresReadsBackAsTheSameEvent()
    {
        await using var host = await LedgerHost.StartAsync();
        await Customers.PsaWriteBackTests.RunFullFlowAsync(host);

        var stored = await host.ReadAsync(StreamNames.Customer(LedgerHost.Tenant, Snapshots.CustomerKey));

        Assert.True(stored.Select(e => e.Type).Distinct().Count() >= 12);
        foreach (var recorded in stored)
        {
            var @event = EventSerializer.Deserialize(recorded.Type, recorded.Data);
            Assert.Equal(recorded.Type, EventRegistry.StoredNameOf(@event));
            Assert.Equal(Encoding.UTF8.GetString(recorded.Data.Span), Encoding.UTF8.GetString(EventSerializer.Serialize(@event).Data));
        }
    }

    [Fact]
    public void AnUnknownStoredNameIsNotGuessed() =>
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => EventSerializer.Deserialize("customer.something_else.v1", "{}"u8.ToArray()));

    [Fact]
    public void EnumsAreStoredByName()
    {
        var (_, data) = EventSerializer.Serialize(new CustomerEvent.CustomerCountingPolicySet(
            CountingPolicyKind.NasShares, CountingChoice.NeedsDecision, "r", DateTimeOffset.UnixEpoch, "a", DateTimeOffset.UnixEpoch));

        Assert.Contains("\"policy\":\"NasShares\"", Encoding.UTF8.GetString(data), StringComparison.Ordinal);
    }

    [Fact]
    public void SnapshotContentRoundTripsWithDecimalsIntact()
    {
        var content = new UsageContent(1, "n", [new DeviceUsage("S", "n", "m", false, new DateOnly(2026, 1, 31), false, new ReportedStorage(1.50m, "TB", 1_649_267_441_664))], [], [], []);
        var (type, data) = EventSerializer.Serialize(new CustomerEvent.UsageSnapshotRecorded("s", null, DateTimeOffset.UnixEpoch, "h", content, [], "a"));

        var back = (CustomerEvent.UsageSnapshotRecorded)EventSerializer.Deserialize(type, data);

        Assert.Equal(new ReportedStorage(1.50m, "TB", 1_649_267_441_664), back.Content.Devices[0].OffsiteStorage);
        Assert.Equal(UsageContentHash.Compute(content), UsageContentHash.Compute(back.Content));
    }

    [Fact]
    public void ReadableNamesCoverEveryCurrentNameAndTheUpcastOnes() =>
        Assert.Superset(new HashSet<string>(EventRegistry.StoredNames) { "customer.asset_ignored.v1" }, EventSerializer.ReadableNames.ToHashSet());
}
