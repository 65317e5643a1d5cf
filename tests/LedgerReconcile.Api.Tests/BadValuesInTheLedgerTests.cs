using System.Net.Http.Json;
using System.Text.Json;
using LedgerReconcile.Api.Tests.Infrastructure;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.EventStore;

namespace LedgerReconcile.Api.Tests;

/// <summary>A ledger holding a period closed until 9999, stored before dates were validated, keeps working.</summary>
public abstract class BadValuesInTheLedgerTests(LedgerHost host)
{
    [Fact]
    public async Task APeriodClosedUntil9999IsCorrectedAndTheNextPeriodCloses()
    {
        var t = await host.TenantAsync("typo");
        var customer = await LedgerHost.IngestAsync(t, 4300);
        var c = $"/api/customers/{customer}";
        var (type, data) = EventSerializer.Serialize(new CustomerEvent.BillingPeriodClosed(
            "2026-10", new DateOnly(2026, 10, 1), new DateOnly(9999, 10, 31),
            [new InvoicedQuantity(BillableService.PerAgent, null, "cw:1:2:3", 2, null)], "dana@msp.example", DateTimeOffset.UtcNow));
        await host.Store.AppendToStreamAsync(
            StreamNames.Customer(t.Tenant, customer),
            ExpectedRevision.Any,
            [new EventData(Guid.CreateVersion7(), type, data, new EventMetadata(t.Tenant, "dana@msp.example", "typo"), DateTimeOffset.UtcNow)]);
        object November() => new
        {
            periodId = "2026-11", periodStart = "2026-11-01", periodEnd = "2026-11-30",
            lines = new[] { new { service = "PerAgent", psaLineId = "cw:1:2:3", quantity = 2 } },
        };

        await Expect.ProblemAsync(await t.Finance.PostAsJsonAsync($"{c}/periods", November()), 422);
        await host.CatchUpAsync();
        await Expect.StatusAsync(await t.Finance.GetAsync($"{c}/periods/2026-10"), 200);

        var corrected = await Expect.JsonAsync<JsonElement>(await t.Finance.PostAsJsonAsync(
            $"{c}/periods/2026-10/corrections", new { periodStart = "2026-10-01", periodEnd = "2026-10-31", reason = "End typed as 9999-10-31" }));

        Assert.Equal(["customer.billing_period_corrected.v1"], corrected.GetProperty("appended").EnumerateArray().Select(e => e.GetString()));
        await Expect.StatusAsync(await t.Finance.PostAsJsonAsync($"{c}/periods", November()), 200);
        var verified = await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync($"{c}/verify"));
        Assert.True(verified.GetProperty("intact").GetBoolean());
    }
}

public sealed class SqliteBadValuesInTheLedgerTests(SqliteHost host) : BadValuesInTheLedgerTests(host), IClassFixture<SqliteHost>;

public sealed class PostgresBadValuesInTheLedgerTests(PostgresHost host) : BadValuesInTheLedgerTests(host), IClassFixture<PostgresHost>;
