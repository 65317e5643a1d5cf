using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.EventStore;

namespace LedgerReconcile.Application.Tests.Ledgers;

public class ConcurrencyTests
{
    private static readonly string Stream = StreamNames.Customer(LedgerHost.Tenant, Snapshots.CustomerKey);

    private static IgnoreAsset IgnoreFinanceShare(long? expectedRevision = null, Guid? commandId = null) =>
        new(new CommandContext(LedgerHost.Tenant, Snapshots.Person, "corr-ui", commandId ?? Guid.CreateVersion7(), expectedRevision), Snapshots.CustomerKey, "Volume", Snapshots.MixedAssets[4].Volume, "MSP's own share");

    [Fact]
    public async Task ASyncThatLosesARaceDecidesAgainOnFreshStateAndAppends()
    {
        InterferingStore? store = null;
        await using var host = await LedgerHost.StartAsync(inner => store = new InterferingStore(inner));
        store!.InterfereWithNextAppends(2);

        var result = await host.SendAsync(Snapshots.Mixed());

        Assert.Equal(["customer.usage_snapshot_recorded.v1"], result.Appended);
        Assert.Equal(3, store.Appends);
        var stored = await host.ReadAsync(Stream);
        Assert.Equal(["someone-else", "someone-else", Snapshots.Sync], stored.Select(e => e.Metadata.Actor));
    }

    [Fact]
    public async Task APersonWhoLosesARaceIsToldAndNothingOfTheirsIsAppended()
    {
        InterferingStore? store = null;
        await using var host = await LedgerHost.StartAsync(inner => store = new InterferingStore(inner));
        await host.SendAsync(Snapshots.Mixed());
        store!.InterfereWithNextAppends(1);

        await Assert.ThrowsAsync<WrongExpectedRevisionException>(() => host.SendAsync(IgnoreFinanceShare()));

        var stored = await host.ReadAsync(Stream);
        Assert.DoesNotContain(stored, e => e.Type == "customer.asset_ignored.v2");
    }

    [Fact]
    public async Task AnIfMatchOnAStaleRevisionIsRefusedBeforeDeciding()
    {
        await using var host = await LedgerHost.StartAsync();
        await host.SendAsync(Snapshots.Mixed());
        host.Clock.Advance(TimeSpan.FromDays(1));
        await host.SendAsync(Snapshots.Mixed("run-2/4711", Snapshots.ObservedAt.AddDays(1)));

        var conflict = await Assert.ThrowsAsync<WrongExpectedRevisionException>(() => host.SendAsync(IgnoreFinanceShare(expectedRevision: 0)));

        Assert.Equal(1, conflict.ActualRevision);
        Assert.Equal(1, await host.Store.ReadStreamRevisionAsync(Stream));
    }

    [Fact]
    public async Task AnIfMatchOnTheCurrentRevisionIsAccepted()
    {
        await using var host = await LedgerHost.StartAsync();
        var ingested = await host.SendAsync(Snapshots.Mixed());

        var result = await host.SendAsync(IgnoreFinanceShare(expectedRevision: ingested.Revision));

        Assert.Equal(ingested.Revision + 1, result.Revision);
    }

    [Fact]
    public async Task EventIdsDeriveFromTheCommandSoARetriedCommandCannotAppendTwice()
    {
        await using var host = await LedgerHost.StartAsync();
        await host.SendAsync(Snapshots.Mixed());
        var commandId = Guid.CreateVersion7();

        await host.SendAsync(IgnoreFinanceShare(commandId: commandId));
        var retried = await host.SendAsync(IgnoreFinanceShare(commandId: commandId));

        var stored = await host.ReadAsync(Stream);
        Assert.Equal(EventIds.Derive(commandId, 0), stored[^1].EventId);
        Assert.Equal(commandId.ToString(), stored[^1].Metadata.CommandId);
        Assert.Empty(retried.Appended);
        Assert.Equal(2, stored.Count);
    }

    [Fact]
    public async Task TheStoreTurnsAReplayedBatchOfDerivedIdsIntoANoOp()
    {
        await using var host = await LedgerHost.StartAsync();
        var commandId = Guid.CreateVersion7();
        var (type, data) = EventSerializer.Serialize(new CustomerEvent.DriftAcknowledged("d", "n", "a", DateTimeOffset.UnixEpoch));
        var batch = new[] { new EventData(EventIds.Derive(commandId, 0), type, data, new EventMetadata(LedgerHost.Tenant, "a", "c"), DateTimeOffset.UnixEpoch) };

        var first = await host.Store.AppendToStreamAsync(Stream, ExpectedRevision.NoStream, batch);
        var replay = await host.Store.AppendToStreamAsync(Stream, ExpectedRevision.NoStream, batch);

        Assert.Equal(first, replay);
        Assert.Single(await host.ReadAsync(Stream));
    }

    [Fact]
    public void DerivedEventIdsAreStablePerCommandAndIndex()
    {
        var commandId = Guid.CreateVersion7();

        Assert.Equal(EventIds.Derive(commandId, 0), EventIds.Derive(commandId, 0));
        Assert.NotEqual(EventIds.Derive(commandId, 0), EventIds.Derive(commandId, 1));
        Assert.NotEqual(EventIds.Derive(commandId, 0), EventIds.Derive(Guid.CreateVersion7(), 0));
        Assert.Equal(8, EventIds.Derive(commandId, 0).Version);
    }
}
