using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Projections.Billing;
using LedgerReconcile.Projections.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static LedgerReconcile.Domain.Customers.CustomerEvent;
using static LedgerReconcile.Projections.Tests.Support.BillingScenario;

namespace LedgerReconcile.Projections.Tests.Billing;

public sealed class UsageNotReportedAttentionTests
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task ANotReportedCustomerNeedsAttentionBillsNothingAndSaysSinceWhenUntilItReportsAgain(StoreKind kind)
    {
        var clock = new FakeTimeProvider(At(10, 1));
        await using var ledger = await TestLedger.CreateAsync(kind, clock);
        var scenario = new BillingScenario(ledger, clock);
        await scenario.MapAsync("org-101", 101, "Contoso", At(10, 1));
        await scenario.RecordAsync("org-101", Snapshot("snap-1", At(11, 1), 101, "Contoso", Siris("S1", "siris"), Agent("S1", "dc01"), Agent("S1", "fs01")), At(11, 1));
        await scenario.RecordAsync("org-101", new UsageNotReported("run-9", At(11, 1), 2, 2, TimeSpan.FromDays(3), Sync, At(11, 5)), At(11, 5));
        var projection = new BillingProjection(ledger.Store);
        using var runner = ledger.Runner(null, projection);
        await runner.StartAsync(CancellationToken.None);
        await ledger.WaitForCatchUpAsync(projection);
        var billing = new BillingQueries(ledger.Queries);

        var item = Assert.Single(await billing.ListAttentionAsync("acme"));
        Assert.Equal((AttentionKind.UsageNotReported, "org-101", At(11, 1)), (item.Kind, item.CustomerKey, item.Since));
        Assert.Contains("Not reported by Datto since 2026-11-01 09:00 UTC", item.Description, StringComparison.Ordinal);
        var agents = (await billing.GetBillableStateAsync("acme", "org-101")).Single(l => l.Service == "PerAgent");
        Assert.Equal(0m, agents.DattoQuantity);
        Assert.All(agents.Ignored, a => Assert.StartsWith("Not reported by Datto", a.Explanation, StringComparison.Ordinal));
        var explained = await new BillingTimeTravel(ledger.Store, clock).ExplainAsync("acme", "org-101", new ServiceLine(BillableService.PerAgent), At(11, 2), At(11, 6));
        Assert.Equal((2m, 0m), (explained.QuantityFrom, explained.QuantityTo));
        Assert.Contains("Not reported by Datto since 2026-11-01", explained.Summary, StringComparison.Ordinal);

        await scenario.RecordAsync("org-101", Snapshot("snap-2", At(11, 7), 101, "Contoso", Siris("S1", "siris"), Agent("S1", "dc01")), At(11, 7));
        await ledger.WaitForCatchUpAsync(projection);

        Assert.Empty(await billing.ListAttentionAsync("acme"));
        Assert.Equal(1m, (await billing.GetBillableStateAsync("acme", "org-101")).Single(l => l.Service == "PerAgent").DattoQuantity);
    }
}
