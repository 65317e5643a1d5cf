using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Projections.Billing;
using LedgerReconcile.Projections.Running;
using LedgerReconcile.Projections.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static LedgerReconcile.Domain.Customers.CustomerEvent;
using static LedgerReconcile.Projections.Tests.Support.BillingScenario;

namespace LedgerReconcile.Projections.Tests.Billing;

public sealed class BillingReadModelTests
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task TheRunnerBuildsBillableStateDiscrepanciesAttentionAuditAndInvoiceViews(StoreKind kind)
    {
        var clock = new FakeTimeProvider(At(10, 1));
        await using var ledger = await TestLedger.CreateAsync(kind, clock);
        var scenario = new BillingScenario(ledger, clock);
        await RecordMonthAsync(scenario);
        var projection = new BillingProjection(ledger.Store);
        using var runner = ledger.Runner(null, projection);
        await runner.StartAsync(CancellationToken.None);
        await ledger.WaitForCatchUpAsync(projection);
        var billing = new BillingQueries(ledger.Queries);

        var contoso = (await billing.GetBillableStateAsync("acme", "org-101")).Single(l => l.Service == "PerAgent");
        Assert.Equal((3m, 5m, 2m, 50m, BillableStatus.UnderBilled), (contoso.PsaQuantity!.Value, contoso.DattoQuantity, contoso.Difference, contoso.MoneyImpact!.Value, contoso.Status));
        Assert.Equal(["SRV-APP01", "SRV-DC01", "SRV-FS01", "SRV-SQL02", "SRV-WEB01"], contoso.Counted.Select(a => a.Name).Order());

        var perAgent = await billing.ListDiscrepanciesAsync("acme", service: "PerAgent");
        Assert.Equal(
            [("org-102", BillableStatus.OverBilled), ("org-104", BillableStatus.NeedsDecision), ("org-101", BillableStatus.UnderBilled),
             ("org-105", BillableStatus.WriteFailed), ("org-106", BillableStatus.WritePending), ("org-103", BillableStatus.Unmapped)],
            perAgent.Select(l => (l.CustomerKey, l.Status)));
        Assert.Equal(["org-101"], (await billing.ListDiscrepanciesAsync("acme", [BillableStatus.UnderBilled])).Select(l => l.CustomerKey));
        Assert.DoesNotContain(await billing.ListDiscrepanciesAsync("acme"), l => l.Status == BillableStatus.InSync);
        Assert.Equal(["share-Finance"], (await billing.GetBillableStateAsync("acme", "org-104")).Single(l => l.Service == "PerAgent").NeedsDecision.Select(a => a.Id));

        var attention = await billing.ListAttentionAsync("acme");
        Assert.Equal(
            [("org-101", AttentionKind.PsaCompanyRenamed), ("org-103", AttentionKind.UnmappedOrganization)],
            attention.Select(a => (a.CustomerKey, a.Kind)));
        Assert.Equal("PSA company renamed from 'Contoso Inc' to 'Contoso Holdings'.", attention[0].Description);

        var audit = await billing.GetAuditHistoryAsync("acme", "org-101");
        var firstSnapshot = audit.Single(a => a.What.StartsWith("Datto usage snapshot s-1030", StringComparison.Ordinal));
        Assert.Equal([new QuantityChange("PerDevice", 0, 1), new QuantityChange("PerAgent", 0, 3), new QuantityChange("OffsiteStorage", 0, 1000)], firstSnapshot.Changes);
        Assert.Equal((At(10, 30), At(10, 30), BillingScenario.Sync), (firstSnapshot.ValidAt, firstSnapshot.RecordedAt, firstSnapshot.Who));
        var late = audit.Single(a => a.What.StartsWith("Datto usage snapshot s-1031-replayed", StringComparison.Ordinal));
        Assert.Equal((At(10, 31, 18), At(11, 5)), (late.ValidAt, late.RecordedAt));
        Assert.Contains(audit, a => a.Why == "Datto support confirmed two unbilled agents" && a.Who == "dana@msp.example");

        var invoice = (await billing.GetInvoiceAsync("acme", "org-101", "2026-10"))!;
        Assert.Equal(3, invoice.Invoiced.Single().Quantity);
        Assert.Equal(5, invoice.Current.Single().Quantity);
        Assert.Equal(2, invoice.Corrections.Count);
        Assert.StartsWith("Recorded after closing: Datto usage snapshot s-1031-replayed", invoice.Corrections[0].What);
        Assert.Equal(("Adjusted: Datto support confirmed two unbilled agents", 3m, 5m), (invoice.Corrections[1].What, invoice.Corrections[1].From!.Value, invoice.Corrections[1].To!.Value));

        // The same rows come out of a rebuild from position 0.
        var incremental = await ledger.ActiveSetAsync(projection.Name);
        await runner.StopAsync(CancellationToken.None);
        var rebuilt = await new ProjectionRebuilder(ledger.Store, ledger.Database).RebuildAsync(new BillingProjection(ledger.Store));
        (await ledger.DumpAsync(rebuilt.Active)).ShouldEqual(await ledger.DumpAsync(incremental));
    }

    private static async Task RecordMonthAsync(BillingScenario scenario)
    {
        const string dana = "dana@msp.example";
        await scenario.MapAsync("org-101", 101, "Contoso", At(10, 1));
        await scenario.RecordAsync("org-101", new PsaQuantityObserved("line-agents", 3, At(10, 2), Sync), At(10, 2));
        await scenario.RecordAsync("org-101", Snapshot("s-1030", At(10, 30), 101, "Contoso",
            Siris("S1", "Contoso SIRIS"), Agent("S1", "SRV-DC01"), Agent("S1", "SRV-FS01"), Agent("S1", "SRV-WEB01")), At(10, 30));
        await scenario.RecordAsync("org-101", new BillingPeriodClosed("2026-10", new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31),
            [new InvoicedQuantity(BillableService.PerAgent, null, "line-agents", 3, new Money(25, "USD"))], dana, At(11, 1)), At(11, 1), dana);
        await scenario.RecordAsync("org-101", new PsaCompanyRenamed("drift-1", "cw-101", "Contoso Inc", "Contoso Holdings", At(11, 2), Sync), At(11, 2));

        await scenario.MapAsync("org-102", 102, "Northwind", At(11, 2), agentPrice: 40);
        await scenario.RecordAsync("org-102", new PsaQuantityObserved("line-agents", 6, At(11, 2), Sync), At(11, 2));
        await scenario.RecordAsync("org-102", Snapshot("s-n1", At(11, 2), 102, "Northwind",
            Siris("N1", "Northwind SIRIS"), Agent("N1", "NW-1"), Agent("N1", "NW-2"), Agent("N1", "NW-3"), Agent("N1", "NW-4")), At(11, 2));

        await scenario.RecordAsync("org-103", Snapshot("s-t1", At(11, 2), 103, "Tailspin", Siris("T1", "Tailspin ALTO"), Agent("T1", "TS-1"), Agent("T1", "TS-2")), At(11, 2));

        await scenario.MapAsync("org-104", 104, "Litware", At(11, 2), agentPrice: 30);
        await scenario.RecordAsync("org-104", Snapshot("s-l1", At(11, 3), 104, "Litware",
            Siris("L1", "Litware SIRIS"), Agent("L1", "LW-1"), Agent("L1", "LW-2"), Share("L1", "Finance")), At(11, 3));

        await scenario.MapAsync("org-105", 105, "Adatum", At(11, 2));
        await scenario.RecordAsync("org-105", new PsaQuantityObserved("line-agents", 1, At(11, 2), Sync), At(11, 2));
        await scenario.RecordAsync("org-105", Snapshot("s-a1", At(11, 3), 105, "Adatum", Siris("A1", "Adatum SIRIS"), Agent("A1", "AD-1"), Agent("A1", "AD-2")), At(11, 3));
        var failing = Guid.CreateVersion7();
        var write = Guid.CreateVersion7();
        await scenario.RecordAsync("org-105", new QuantityChangeProposed(failing, BillableService.PerAgent, null, "line-agents", 1, 2,
            new ProposalBasis("s-a1", null, At(11, 3), UnitRule.Each.ToTerms(), 2, [], 2, 0, 0), Sync, At(11, 3)), At(11, 3));
        await scenario.RecordAsync("org-105", new QuantityChangeApproved(failing, null, dana, At(11, 4)), At(11, 4), dana);
        await scenario.RecordAsync("org-105", new PsaWriteRequested(write, "idem-1", failing, "line-agents", PsaKind.ConnectWise, PsaWriteStyle.Absolute, 1, 2, null, dana, Sync, At(11, 4)), At(11, 4));
        await scenario.RecordAsync("org-105", new PsaWriteFailed(write, "line-agents", "HTTP 503", Sync, At(11, 4)), At(11, 4));

        await scenario.MapAsync("org-106", 106, "Proseware", At(11, 2), agentPrice: 10);
        await scenario.RecordAsync("org-106", new PsaQuantityObserved("line-agents", 1, At(11, 2), Sync), At(11, 2));
        await scenario.RecordAsync("org-106", Snapshot("s-p1", At(11, 3), 106, "Proseware", Siris("P1", "Proseware SIRIS"), Agent("P1", "PW-1"), Agent("P1", "PW-2")), At(11, 3));
        var pending = Guid.CreateVersion7();
        await scenario.RecordAsync("org-106", new QuantityChangeProposed(pending, BillableService.PerAgent, null, "line-agents", 1, 2,
            new ProposalBasis("s-p1", null, At(11, 3), UnitRule.Each.ToTerms(), 2, [], 2, 0, 0), Sync, At(11, 3)), At(11, 3));
        await scenario.RecordAsync("org-106", new QuantityChangeApproved(pending, null, dana, At(11, 4)), At(11, 4), dana);
        await scenario.RecordAsync("org-106", new PsaWriteRequested(Guid.CreateVersion7(), "idem-2", pending, "line-agents", PsaKind.ConnectWise, PsaWriteStyle.Absolute, 1, 2, null, dana, Sync, At(11, 4)), At(11, 4));

        // Late data about October, then the invoice correction it led to.
        await scenario.RecordAsync("org-101", Snapshot("s-1031-replayed", At(10, 31, 18), 101, "Contoso",
            Siris("S1", "Contoso SIRIS"), Agent("S1", "SRV-DC01"), Agent("S1", "SRV-FS01"), Agent("S1", "SRV-WEB01"),
            Agent("S1", "SRV-APP01"), Agent("S1", "SRV-SQL02")), At(11, 5));
        await scenario.RecordAsync("org-101", Snapshot("s-1105", At(11, 5), 101, "Contoso",
            Siris("S1", "Contoso SIRIS"), Agent("S1", "SRV-DC01"), Agent("S1", "SRV-FS01"), Agent("S1", "SRV-WEB01"),
            Agent("S1", "SRV-APP01"), Agent("S1", "SRV-SQL02")), At(11, 5));
        await scenario.RecordAsync("org-101", new BillingPeriodAdjusted("2026-10", BillableService.PerAgent, null, "line-agents", 3, 5,
            "Datto support confirmed two unbilled agents", dana, At(11, 6)), At(11, 6), dana);
    }
}
