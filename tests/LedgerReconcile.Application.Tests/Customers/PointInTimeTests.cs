using LedgerReconcile.Application.Customers;
using LedgerReconcile.Domain.Billing;

namespace LedgerReconcile.Application.Tests.Customers;

public class PointInTimeTests
{
    private static readonly DateTimeOffset EndOfOctober = new(2025, 10, 31, 23, 59, 59, TimeSpan.Zero);

    [Fact]
    public async Task WhatWasBillableOnOctober31AsKnownOnNovember3DiffersFromAsKnownNow()
    {
        await using var host = await LedgerHost.StartAsync();
        var agents = Snapshots.MixedAssets.Where(a => a.Type == "agent").ToList();

        // Nov 1: the Oct 31 22:00 sync arrives with four agents.
        host.Clock.SetUtcNow(new DateTimeOffset(2025, 11, 1, 9, 0, 0, TimeSpan.Zero));
        await host.SendAsync(Snapshots.Mixed("run-1/4711", Snapshots.ObservedAt, agents));

        // Nov 2: a sync observed that day sees two more agents.
        host.Clock.SetUtcNow(new DateTimeOffset(2025, 11, 2, 10, 0, 0, TimeSpan.Zero));
        await host.SendAsync(Snapshots.Mixed("run-2/4711", new DateTimeOffset(2025, 11, 2, 9, 0, 0, TimeSpan.Zero), [
            .. agents,
            Snapshots.Agent("SIRIS0004", "6a1b2c3d4e5f60718293a4b5c6d7e8f9", "acme-new01"),
            Snapshots.Agent("SIRIS0004", "7a1b2c3d4e5f60718293a4b5c6d7e8f9", "acme-new02"),
        ]));

        // Nov 5: a sync that ran at Oct 31 23:00 but failed to deliver is replayed late; it saw a fifth agent.
        host.Clock.SetUtcNow(new DateTimeOffset(2025, 11, 5, 12, 0, 0, TimeSpan.Zero));
        await host.SendAsync(Snapshots.Mixed("run-late/4711", new DateTimeOffset(2025, 10, 31, 23, 0, 0, TimeSpan.Zero), [
            .. agents,
            Snapshots.Agent("SIRIS0004", "6a1b2c3d4e5f60718293a4b5c6d7e8f9", "acme-new01"),
        ]));

        var asKnownOnNovember3 = await host.SendAsync(new GetBillableQuantities(
            LedgerHost.Tenant, Snapshots.CustomerKey, EndOfOctober, new DateTimeOffset(2025, 11, 3, 0, 0, 0, TimeSpan.Zero)));
        var asKnownNow = await host.SendAsync(new GetBillableQuantities(LedgerHost.Tenant, Snapshots.CustomerKey, EndOfOctober));
        var today = await host.SendAsync(new GetBillableQuantities(LedgerHost.Tenant, Snapshots.CustomerKey));

        Assert.Equal((4m, "run-1/4711"), (asKnownOnNovember3.For(BillableService.PerAgent).Quantity, asKnownOnNovember3.SnapshotId));
        Assert.Equal((5m, "run-late/4711"), (asKnownNow.For(BillableService.PerAgent).Quantity, asKnownNow.SnapshotId));
        Assert.Equal((6m, "run-2/4711"), (today.For(BillableService.PerAgent).Quantity, today.SnapshotId));
    }

    [Fact]
    public async Task APolicyDecidedLaterDoesNotRewriteWhatWasBillableBefore()
    {
        await using var host = await LedgerHost.StartAsync();
        await host.SendAsync(Snapshots.Mixed());
        host.Clock.SetUtcNow(new DateTimeOffset(2025, 11, 4, 9, 0, 0, TimeSpan.Zero));
        await host.SendAsync(new Tenants.SetTenantCountingPolicy(new CommandContext(LedgerHost.Tenant, Snapshots.Person, "corr", Guid.CreateVersion7()), "PausedAgents", "Exclude", "New policy from November", null));

        var october = await host.SendAsync(new GetBillableQuantities(LedgerHost.Tenant, Snapshots.CustomerKey, EndOfOctober));
        var now = await host.SendAsync(new GetBillableQuantities(LedgerHost.Tenant, Snapshots.CustomerKey));

        Assert.Equal(4m, october.For(BillableService.PerAgent).Quantity);
        Assert.Equal(3m, now.For(BillableService.PerAgent).Quantity);
        Assert.Contains(new Domain.Customers.PolicyInForce(CountingPolicyKind.PausedAgents, CountingChoice.Exclude, Domain.Customers.PolicySource.Tenant), now.Policies);
    }
}
