using System.Collections.Immutable;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.EventStore;

namespace LedgerReconcile.Application.Tests.Ledgers;

public sealed class LedgerReaderTests
{
    private static readonly string Stream = StreamNames.Customer(LedgerHost.Tenant, Snapshots.CustomerKey);

    [Fact]
    public async Task AnotherTenantsEventInACustomerStreamIsRefusedWhetherFoldedOrDecodedInHand()
    {
        await using var host = await LedgerHost.StartAsync();
        await host.SendAsync(Snapshots.Mixed());
        var (type, data) = EventSerializer.Serialize(new CustomerEvent.DriftAcknowledged("d-1", "note", "mallory@other.example", host.Clock.GetUtcNow()));
        await host.Store.AppendToStreamAsync(Stream, ExpectedRevision.Any, [
            new EventData(Guid.CreateVersion7(), type, data, new EventMetadata("msp-two", "mallory@other.example", "c"), host.Clock.GetUtcNow()),
        ]);
        var reader = new LedgerReader(host.Store, new DecodedEventCache());
        var foreign = (await host.ReadAsync(Stream))[^1];

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            reader.LoadAsync(StreamFolds.Customer, LedgerHost.Tenant, Stream, FoldCut.Everything, CancellationToken.None));
        Assert.Throws<InvalidOperationException>(() => reader.Decode(StreamFolds.Customer, LedgerHost.Tenant, foreign));
    }

    [Fact]
    public async Task AStreamFoldedThroughARevisionIsTheLedgerAsItStoodAtThatRevision()
    {
        await using var host = await LedgerHost.StartAsync();
        await host.SendAsync(Snapshots.Mixed("run-1/4711"));
        var then = await host.SendAsync(new GetCustomerLedger(LedgerHost.Tenant, Snapshots.CustomerKey));
        host.Clock.Advance(TimeSpan.FromDays(1));
        await host.SendAsync(Snapshots.Mixed("run-2/4711", Snapshots.ObservedAt.AddDays(1), [
            .. Snapshots.MixedAssets,
            Snapshots.Agent("SIRIS0004", "6a1b2c3d4e5f60718293a4b5c6d7e8f9", "acme-new01"),
        ]));
        var reader = new LedgerReader(host.Store, new DecodedEventCache());

        var through = await reader.LoadAsync(StreamFolds.Customer, LedgerHost.Tenant, Stream, FoldCut.Through(then.Revision!.Value), CancellationToken.None);
        var now = await reader.LoadAsync(StreamFolds.Customer, LedgerHost.Tenant, Stream, FoldCut.Everything, CancellationToken.None);

        Assert.Equal(then.Revision, through.Revision);
        Assert.Equal(Agents(then.State), Agents(through.State));
        Assert.Equal(Agents(then.State) + 1, Agents(now.State));
    }

    private static decimal Agents(CustomerState state) =>
        BillableQuantities.Compute(state, ImmutableDictionary<CountingPolicyKind, CountingChoice>.Empty).For(BillableService.PerAgent).Quantity;
}
