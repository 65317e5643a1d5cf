using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Projections.Billing;
using LedgerReconcile.Projections.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static LedgerReconcile.Domain.Customers.CustomerEvent;
using static LedgerReconcile.Projections.Tests.Support.BillingScenario;

namespace LedgerReconcile.Projections.Tests.Billing;

/// <summary>A ledger written before dates were validated: a snapshot observed in 9999 and a period closed until 9999.</summary>
public sealed class BadValuesInTheLedgerTests
{
    private static readonly DateTimeOffset Year9999 = new(9999, 10, 30, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task ASnapshotFrom9999NoLongerHoldsTheReadModelOnceANewerSyncIsRecorded(StoreKind kind)
    {
        var clock = new FakeTimeProvider(At(10, 1));
        await using var ledger = await TestLedger.CreateAsync(kind, clock);
        var scenario = new BillingScenario(ledger, clock);
        await scenario.MapAsync("org-201", 201, "Fabrikam", At(10, 1));
        var future = Snapshot("s-9999", Year9999, 201, "Fabrikam", Siris("F1", "Fabrikam SIRIS"), Agent("F1", "SRV-A"), Agent("F1", "SRV-B"), Agent("F1", "SRV-C"));
        await scenario.RecordAsync("org-201", future, At(10, 30));
        var closedUntil9999 = new BillingPeriodClosed("2026-10", new DateOnly(2026, 10, 1), new DateOnly(9999, 10, 31),
            [new InvoicedQuantity(BillableService.PerAgent, null, "line-agents", 3, new Money(25, "USD"))], "dana@msp.example", At(11, 1));
        await scenario.RecordAsync("org-201", closedUntil9999, At(11, 1));
        var projection = new BillingProjection(ledger.Store);
        using var runner = ledger.Runner(null, projection);
        await runner.StartAsync(CancellationToken.None);
        await ledger.WaitForCatchUpAsync(projection);
        var billing = new BillingQueries(ledger.Queries);
        Assert.Equal("s-9999", (await billing.GetBillableStateAsync(scenario.Tenant, "org-201")).Single(l => l.Service == "PerAgent").SnapshotId);
        Assert.NotNull(await billing.GetInvoiceAsync(scenario.Tenant, "org-201", "2026-10"));

        var state = CustomerState.Fold([future, closedUntil9999]);
        var nextSync = new CustomerCommand.RecordUsageSnapshot(
            "s-1105", null, At(11, 5), 201, "Fabrikam",
            [new ObservedDevice("F1", "Fabrikam SIRIS", "S5", false, null, false, 1m, "TB")],
            [Agent("F1", "SRV-A")], [], [], [], Sync, At(11, 5));
        foreach (var decided in CustomerDecider.Decide(nextSync, state))
        {
            await scenario.RecordAsync("org-201", decided, At(11, 5));
        }

        await ledger.WaitForCatchUpAsync(projection);

        var perAgent = (await billing.GetBillableStateAsync(scenario.Tenant, "org-201")).Single(l => l.Service == "PerAgent");
        Assert.Equal(("s-1105", 1m), (perAgent.SnapshotId, perAgent.DattoQuantity));
        Assert.Contains(await billing.GetAuditHistoryAsync(scenario.Tenant, "org-201"), a => a.What.StartsWith("Datto usage snapshot s-9999, said to be observed on 9999-10-30, voided", StringComparison.Ordinal));
        await runner.StopAsync(CancellationToken.None);
    }
}
