using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Tenants;
using LedgerReconcile.Projections.Billing;
using LedgerReconcile.Projections.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static LedgerReconcile.Domain.Customers.CustomerEvent;
using static LedgerReconcile.Projections.Tests.Support.BillingScenario;

namespace LedgerReconcile.Projections.Tests.Billing;

public sealed class PointInTimeTests
{
    private static readonly ServiceLine Agents = new(BillableService.PerAgent);
    private const string Customer = "org-101";

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task WhatWasBillableOnOct31AsKnownOnNov3DiffersFromAsKnownNowAfterALateCorrection(StoreKind kind)
    {
        var clock = new FakeTimeProvider(At(10, 1));
        await using var ledger = await TestLedger.CreateAsync(kind, clock);
        var scenario = new BillingScenario(ledger, clock);
        await scenario.MapAsync(Customer, 101, "Contoso", At(10, 1));
        await scenario.RecordAsync(Customer, Snapshot("s-1030", At(10, 30), 101, "Contoso",
            Siris("S1", "Contoso SIRIS"), Agent("S1", "SRV-DC01"), Agent("S1", "SRV-FS01"), Agent("S1", "SRV-WEB01")), At(10, 30));
        await scenario.RecordAsync(Customer, Snapshot("s-1101", At(11, 1), 101, "Contoso",
            Siris("S1", "Contoso SIRIS"), Agent("S1", "SRV-DC01"), Agent("S1", "SRV-FS01"), Agent("S1", "SRV-WEB01")), At(11, 1));

        // On Nov 5 the Oct 31 sync that had failed is replayed: two agents existed on Oct 31 that nobody billed.
        await scenario.RecordAsync(Customer, Snapshot("s-1031-replayed", At(10, 31, 18), 101, "Contoso",
            Siris("S1", "Contoso SIRIS"), Agent("S1", "SRV-DC01"), Agent("S1", "SRV-FS01"), Agent("S1", "SRV-WEB01"),
            Agent("S1", "SRV-APP01"), Agent("S1", "SRV-SQL02")), At(11, 5));
        clock.SetUtcNow(At(11, 20));

        var asKnownOnNov3 = await BillableAsServedAsync(ledger, clock, At(10, 31, 23), knownAt: At(11, 3));
        var asKnownNow = await BillableAsServedAsync(ledger, clock, At(10, 31, 23));
        var asKnownOnNov20 = await BillableAsServedAsync(ledger, clock, At(10, 31, 23), knownAt: At(11, 20));

        Assert.Equal(3, QuantityOf(asKnownOnNov3, Agents));
        Assert.Equal("s-1030", asKnownOnNov3.SnapshotId);
        Assert.Equal(5, QuantityOf(asKnownNow, Agents));
        Assert.Equal("s-1031-replayed", asKnownNow.SnapshotId);
        Assert.Equal((QuantityOf(asKnownNow, Agents), asKnownNow.SnapshotId), (QuantityOf(asKnownOnNov20, Agents), asKnownOnNov20.SnapshotId));
        Assert.Contains("SRV-SQL02", asKnownNow.Services.Single(s => s.Line == Agents).Counted.Select(a => a.Name));

        // Today's quantity still comes from the newest snapshot (Nov 1): a late snapshot is evidence about the past.
        var todayAsKnownNow = await BillableAsServedAsync(ledger, clock, At(11, 20));
        Assert.Equal(3, QuantityOf(todayAsKnownNow, Agents));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task ExplainNamesTheNewAgentsAndTheIgnoreDecisionInOneSentence(StoreKind kind)
    {
        var clock = new FakeTimeProvider(At(11, 1));
        await using var ledger = await TestLedger.CreateAsync(kind, clock);
        var scenario = new BillingScenario(ledger, clock);
        await ExplainScenarioAsync(scenario);
        var timeTravel = new BillingTimeTravel(ledger.Store, clock);

        var explanation = await timeTravel.ExplainAsync("acme", Customer, Agents, At(11, 2, 12), At(11, 4, 23));

        Assert.Equal((2m, 4m), (explanation.QuantityFrom, explanation.QuantityTo));
        Assert.Equal(
            "+2 agents: SRV-APP01 and SRV-SQL02 first seen in the snapshot of 2026-11-03; "
            + "NAS share 'Finance' ignored by alice@msp.example on 2026-11-04: 'customer licenses the NAS directly'",
            explanation.Summary);
        Assert.Equal([2m, 0m], explanation.Causes.Select(c => c.Delta));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task ExplainShowsALateCorrectionOnlyToThoseWhoKnewOfIt(StoreKind kind)
    {
        var clock = new FakeTimeProvider(At(11, 1));
        await using var ledger = await TestLedger.CreateAsync(kind, clock);
        var scenario = new BillingScenario(ledger, clock);
        await ExplainScenarioAsync(scenario);

        // On Nov 6 Datto support confirms SRV-SQL02 was a misregistered duplicate, already gone on the evening of Nov 3.
        await scenario.RecordAsync(Customer, Snapshot("s-1103-corrected", At(11, 3, 20), 201, "Fabrikam",
            Siris("S2", "Fabrikam SIRIS"), Agent("S2", "SRV-DC01"), Agent("S2", "SRV-FS01"), Agent("S2", "SRV-APP01"), Share("S2", "Finance")), At(11, 6));
        await scenario.RecordTenantAsync(
            new TenantEvent.CountingPolicySet(CountingPolicyKind.PausedAgents, CountingChoice.Count, "paused agents still hold data", At(11, 4, 10), "carol@msp.example", At(11, 6)),
            At(11, 6),
            "carol@msp.example");
        clock.SetUtcNow(At(11, 10));
        var timeTravel = new BillingTimeTravel(ledger.Store, clock);

        var asKnownOnNov5 = await timeTravel.ExplainAsync("acme", Customer, Agents, At(11, 2, 12), At(11, 4, 23), knownAt: At(11, 5));
        var asKnownNow = await timeTravel.ExplainAsync("acme", Customer, Agents, At(11, 2, 12), At(11, 4, 23));

        Assert.Equal(2, asKnownOnNov5.Delta);
        Assert.DoesNotContain("recorded late", asKnownOnNov5.Summary);
        Assert.Equal(1, asKnownNow.Delta);
        Assert.Equal(
            "+1 agent: SRV-APP01 and SRV-SQL02 first seen in the snapshot of 2026-11-03; "
            + "SRV-SQL02 no longer reported in the snapshot of 2026-11-03 (recorded late, on 2026-11-06); "
            + "NAS share 'Finance' ignored by alice@msp.example on 2026-11-04: 'customer licenses the NAS directly'",
            asKnownNow.Summary);
        Assert.Equal(asKnownNow.QuantityTo, QuantityOf(await BillableAsServedAsync(ledger, clock, At(11, 4, 23)), Agents));
    }

    // The query the API serves for "what was billable at ... as known at ...", wired as the host wires it.
    private static async Task<BillableUsage> BillableAsServedAsync(TestLedger ledger, TimeProvider clock, DateTimeOffset validAt, DateTimeOffset? knownAt = null)
    {
        var store = new LedgerStore(ledger.Store, new DecodedEventCache(), clock, NullLogger<LedgerStore>.Instance);
        var handler = new GetBillableQuantitiesHandler(new CustomerLedger(store), new TenantLedger(store), clock);
        return await handler.Handle(new GetBillableQuantities("acme", Customer, validAt, knownAt), CancellationToken.None);
    }

    private static decimal QuantityOf(BillableUsage usage, ServiceLine line) => usage.Services.FirstOrDefault(s => s.Line == line)?.Quantity ?? 0;

    private static async Task ExplainScenarioAsync(BillingScenario scenario)
    {
        await scenario.MapAsync(Customer, 201, "Fabrikam", At(11, 1));
        await scenario.RecordAsync(Customer, Snapshot("s-1102", At(11, 2), 201, "Fabrikam",
            Siris("S2", "Fabrikam SIRIS"), Agent("S2", "SRV-DC01"), Agent("S2", "SRV-FS01"), Share("S2", "Finance")), At(11, 2));
        await scenario.RecordAsync(Customer, Snapshot("s-1103", At(11, 3), 201, "Fabrikam",
            Siris("S2", "Fabrikam SIRIS"), Agent("S2", "SRV-DC01"), Agent("S2", "SRV-FS01"), Agent("S2", "SRV-APP01"), Agent("S2", "SRV-SQL02"),
            Share("S2", "Finance")), At(11, 3));
        await scenario.RecordAsync(
            Customer,
            new AssetIgnored(LedgerReconcile.Domain.Billing.AssetRef.Volume("share-Finance"), "customer licenses the NAS directly", "alice@msp.example", At(11, 4, 10)),
            At(11, 4, 10),
            "alice@msp.example");
    }
}
