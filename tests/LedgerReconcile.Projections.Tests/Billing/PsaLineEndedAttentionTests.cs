using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Projections.Billing;
using LedgerReconcile.Projections.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static LedgerReconcile.Domain.Customers.CustomerEvent;
using static LedgerReconcile.Projections.Tests.Support.BillingScenario;

namespace LedgerReconcile.Projections.Tests.Billing;

public sealed class PsaLineEndedAttentionTests
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task AnEndedPsaLineNeedsAttentionUntilItIsActiveAgain(StoreKind kind)
    {
        var clock = new FakeTimeProvider(At(10, 1));
        await using var ledger = await TestLedger.CreateAsync(kind, clock);
        var scenario = new BillingScenario(ledger, clock);
        await scenario.MapAsync("org-101", 101, "Contoso", At(10, 1));
        await scenario.RecordAsync("org-101", new PsaLineStatusChanged("line-agents", PsaLineStatus.EndDated, new DateOnly(2026, 11, 30), At(11, 2), "run-psa-1", Sync), At(11, 2));
        var projection = new BillingProjection(ledger.Store);
        using var runner = ledger.Runner(null, projection);
        await runner.StartAsync(CancellationToken.None);
        await ledger.WaitForCatchUpAsync(projection);
        var billing = new BillingQueries(ledger.Queries);

        var item = Assert.Single(await billing.ListAttentionAsync("acme"));
        Assert.Equal((AttentionKind.PsaLineEnded, "PerAgent"), (item.Kind, item.Service));
        Assert.Contains("end-dated (2026-11-30)", item.Description, StringComparison.Ordinal);

        await scenario.RecordAsync("org-101", new PsaLineStatusChanged("line-agents", PsaLineStatus.Active, null, At(11, 3), "run-psa-2", Sync), At(11, 3));
        await ledger.WaitForCatchUpAsync(projection);

        Assert.Empty(await billing.ListAttentionAsync("acme"));
    }
}
