using System.Net.Http.Json;
using System.Text.Json;
using LedgerReconcile.Api.Tests.Infrastructure;

namespace LedgerReconcile.Api.Tests;

/// <summary>The exports over HTTP carry what the JSON views show, for the same filters and the same point in time.</summary>
public abstract class ExportApiTests(LedgerHost host)
{
    private const string AgentLine = "cw:19300:802:40101";
    private const string QuotedName = "Harbor, \"Dental\" Group";
    private const string FormulaName = "=HYPERLINK(\"http://evil.example\",\"Cedar\")";

    private sealed record World(TenantKeys Keys, string Mapped, string Unmapped);

    // A mapped customer whose PSA line bills none of its agent, and an unmapped one named like a formula.
    private async Task<World> WorldAsync()
    {
        var t = await host.TenantAsync("exp");
        var mapped = await LedgerHost.IngestAsync(t, 4100, QuotedName);
        await host.MapAgentLineAsync(t, mapped, 4100, QuotedName, AgentLine);
        var unmapped = await LedgerHost.IngestAsync(t, 4200, FormulaName);
        await host.CatchUpAsync();
        return new World(t, mapped, unmapped);
    }

    [Fact]
    public async Task DiscrepancyExportsCarryTheNumbersOfTheViewForTheSameFilters()
    {
        var world = await WorldAsync();
        var t = world.Keys;

        foreach (var query in new[] { "", "status=NeedsDecision", "status=Unmapped&service=PerAgent", "status=InSync,NeedsDecision,Unmapped&service=OffsiteStorage" })
        {
            var view = (await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync($"/api/discrepancies?limit=1000&{query}"))).EnumerateArray()
                .Select(l => (l.GetProperty("customerKey").GetString()!, l.GetProperty("service").GetString()!, l.GetProperty("status").GetString()!,
                    ExportRows.Number(l, "dattoQuantity"), ExportRows.Number(l, "psaQuantity"), ExportRows.Number(l, "difference"), ExportRows.Number(l, "moneyImpact")))
                .Order().ToList();
            var csv = (await ExportRows.CsvAsync(await t.Auditor.GetAsync($"/api/exports/discrepancies?{query}")))
                .Select(r => (r["customer_key"], r["service"], r["status"],
                    ExportRows.Number(r["datto_quantity"]), ExportRows.Number(r["psa_quantity"]), ExportRows.Number(r["difference"]), ExportRows.Number(r["money_impact"])))
                .Order().ToList();
            var json = (await ExportRows.JsonAsync(await t.Finance.GetAsync($"/api/exports/discrepancies?format=json&{query}")))
                .Select(r => (r.GetProperty("customer_key").GetString()!, r.GetProperty("service").GetString()!, r.GetProperty("status").GetString()!,
                    ExportRows.Number(r, "datto_quantity"), ExportRows.Number(r, "psa_quantity"), ExportRows.Number(r, "difference"), ExportRows.Number(r, "money_impact")))
                .Order().ToList();

            Assert.True(view.Count > 0, $"'{query}' lists nothing");
            Assert.Equal(view, csv);
            Assert.Equal(view, json);
        }

        var waiting = Assert.Single(await ExportRows.CsvAsync(await t.Admin.GetAsync("/api/exports/discrepancies?status=NeedsDecision")));
        Assert.Equal((world.Mapped, QuotedName, "PerAgent", "USD", 12.5m), (waiting["customer_key"], waiting["customer_name"], waiting["service"], waiting["currency"], ExportRows.Number(waiting["money_impact"])));
    }

    [Fact]
    public async Task CustomerNamesAreQuotedAndAFormulaNameIsDefusedInCsvOnly()
    {
        var world = await WorldAsync();

        var response = await world.Keys.Finance.GetAsync("/api/exports/discrepancies?status=UnderBilled,Unmapped,NeedsDecision,InSync");
        var raw = await response.Content.ReadAsStringAsync();
        var csv = ExportRows.Csv(raw);
        var json = await ExportRows.JsonAsync(await world.Keys.Finance.GetAsync("/api/exports/discrepancies?format=json&status=UnderBilled,Unmapped,NeedsDecision,InSync"));

        Assert.Contains("\"Harbor, \"\"Dental\"\" Group\"", raw, StringComparison.Ordinal);
        Assert.Contains(csv, r => r["customer_key"] == world.Mapped && r["customer_name"] == QuotedName);
        Assert.All(csv.Where(r => r["customer_key"] == world.Unmapped), r => Assert.Equal("'" + FormulaName, r["customer_name"]));
        Assert.Contains(csv, r => r["customer_key"] == world.Unmapped);
        Assert.Contains(json, r => r.GetProperty("customer_name").GetString() == FormulaName);
        Assert.Equal($"discrepancies-{world.Keys.Tenant}.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
    }

    [Fact]
    public async Task ThePointInTimeExportEqualsTheBillableViewAtTheSameAsOfAndKnownAt()
    {
        var world = await WorldAsync();
        var t = world.Keys;
        var c = $"/api/customers/{world.Mapped}";
        var beforeInclusion = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        await Expect.StatusAsync(await t.Finance.PostAsJsonAsync($"{c}/inclusions", new { assetKind = "Volume", assetId = "vol-share-scans", reason = "Customer asked" }), 200);
        var asOf = DateTimeOffset.UtcNow.AddMinutes(1);

        var seen = new List<List<(string, decimal?, decimal?, string?, int)>>();
        foreach (var knownAt in new[] { beforeInclusion, DateTimeOffset.UtcNow })
        {
            var times = $"asOf={ExportRows.Query(asOf)}&knownAt={ExportRows.Query(knownAt)}";
            var view = (await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync($"{c}/billable?{times}"))).GetProperty("services").EnumerateArray()
                .Select(s => (s.GetProperty("service").GetString()!, ExportRows.Number(s, "rawAmount"), ExportRows.Number(s, "quantity"),
                    s.GetProperty("psaLineId").GetString(), s.GetProperty("counted").GetArrayLength()))
                .Order().ToList();
            var csv = await ExportRows.CsvAsync(await t.Auditor.GetAsync($"{c}/exports/billable?{times}"));
            var tenantWide = await ExportRows.CsvAsync(await t.Auditor.GetAsync($"/api/exports/billable?{times}"));

            Assert.Equal(view, Services(csv));
            Assert.Equal(view, Services(tenantWide.Where(r => r["customer_key"] == world.Mapped)));
            Assert.Contains(tenantWide, r => r["customer_key"] == world.Unmapped);
            Assert.All(csv, r => Assert.Equal((asOf, knownAt), (DateTimeOffset.Parse(r["as_of"]), DateTimeOffset.Parse(r["known_at"]))));
            seen.Add(view);
        }

        Assert.NotEqual(seen[0], seen[1]);
    }

    [Fact]
    public async Task TheHistoryExportListsTheEventsOfTheHistoryViewForTheSameFilters()
    {
        var world = await WorldAsync();
        var t = world.Keys;
        var c = $"/api/customers/{world.Mapped}";
        var afterMapping = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        await Expect.StatusAsync(await t.Finance.PostAsJsonAsync($"{c}/ignores", new { assetKind = "Volume", assetId = "vol-dc01", reason = "Free, as \"agreed\"" }), 200);
        await host.CatchUpAsync();

        foreach (var query in new[] { "", "kind=account_mapped,asset_ignored", $"recordedFrom={ExportRows.Query(afterMapping)}" })
        {
            var view = (await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync($"{c}/history?limit=1000&{query}"))).GetProperty("entries").EnumerateArray()
                .Select(e => (e.GetProperty("eventId").GetGuid().ToString(), e.GetProperty("eventType").GetString()!, e.GetProperty("why").GetString()))
                .ToList();
            var csv = (await ExportRows.CsvAsync(await t.Auditor.GetAsync($"{c}/exports/history?{query}")))
                .Select(r => (r["event_id"], r["event_type"], r["why"].Length == 0 ? null : r["why"]))
                .ToList();

            Assert.NotEmpty(view);
            Assert.Equal(view, csv);
        }
    }

    [Fact]
    public async Task TheClosedPeriodExportShowsInvoicedAndCurrentQuantitiesAndEveryCorrection()
    {
        var world = await WorldAsync();
        var t = world.Keys;
        var c = $"/api/customers/{world.Mapped}";
        await Expect.StatusAsync(await t.Finance.PostAsJsonAsync($"{c}/periods", new
        {
            periodId = "2026-10", periodStart = "2026-10-01", periodEnd = "2026-10-31",
            lines = new[] { new { service = "PerAgent", psaLineId = AgentLine, quantity = 2, unitPrice = new { amount = 12.5m, currency = "USD" } } },
        }), 200);
        await Expect.StatusAsync(await t.Finance.PostAsJsonAsync($"{c}/periods/2026-10/adjustments", new { service = "PerAgent", quantity = 3, cause = "Late snapshot, agent \"SQL02\"" }), 200);
        await host.CatchUpAsync();

        var view = (await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync($"{c}/periods"))).EnumerateArray().Single();
        var rows = await ExportRows.CsvAsync(await t.Auditor.GetAsync($"{c}/exports/periods"));
        var tenantWide = await ExportRows.JsonAsync(await t.Auditor.GetAsync("/api/exports/periods?format=json&period=2026-10"));

        var line = Assert.Single(rows, r => r["row_type"] == "line");
        Assert.Equal(
            ("2026-10", "2026-10-01", "2026-10-31", "PerAgent", AgentLine),
            (line["period_id"], line["period_start"], line["period_end"], line["service"], line["psa_line_id"]));
        Assert.Equal(
            (view.GetProperty("invoiced")[0].GetProperty("quantity").GetDecimal(), view.GetProperty("current")[0].GetProperty("quantity").GetDecimal(), 1m, 12.5m),
            (ExportRows.Number(line["invoiced_quantity"]), ExportRows.Number(line["current_quantity"]), ExportRows.Number(line["adjustment"]), ExportRows.Number(line["unit_price"])));
        var corrections = rows.Where(r => r["row_type"] == "correction").ToList();
        Assert.Equal(view.GetProperty("corrections").GetArrayLength(), corrections.Count);
        Assert.Contains(corrections, r => r["correction_what"].Contains("Late snapshot, agent \"SQL02\"", StringComparison.Ordinal)
            && ExportRows.Number(r["correction_from"]) == 2m && ExportRows.Number(r["correction_to"]) == 3m);
        Assert.Equal(rows.Count, tenantWide.Count(r => r.GetProperty("customer_key").GetString() == world.Mapped));
        Assert.Equal(3m, tenantWide.Single(r => r.GetProperty("row_type").GetString() == "line").GetProperty("current_quantity").GetDecimal());
    }

    [Fact]
    public async Task EveryRoleThatReadsTheViewsDownloadsEveryExport()
    {
        var world = await WorldAsync();
        var routes = new[]
        {
            "/api/exports/discrepancies", "/api/exports/billable", "/api/exports/periods",
            $"/api/customers/{world.Mapped}/exports/billable", $"/api/customers/{world.Mapped}/exports/history", $"/api/customers/{world.Mapped}/exports/periods",
        };

        foreach (var role in Domain.ApiKeys.Roles.All)
        {
            foreach (var route in routes)
            {
                Assert.NotNull(await ExportRows.CsvAsync(await world.Keys.As(role).GetAsync(route)));
            }
        }
    }

    [Fact]
    public async Task BadFiltersAndUnknownCustomersAreProblemsBeforeAnyRowAndAppendNothing()
    {
        var world = await WorldAsync();
        var t = world.Keys;
        var head = await host.HeadAsync();

        await Expect.ValidationAsync(await t.Auditor.GetAsync("/api/exports/discrepancies?format=xlsx"), "format");
        await Expect.ValidationAsync(await t.Auditor.GetAsync("/api/exports/discrepancies?status=Sleeping"), "status");
        await Expect.ValidationAsync(await t.Auditor.GetAsync("/api/exports/discrepancies?service=Everything"), "service");
        await Expect.ValidationAsync(await t.Auditor.GetAsync("/api/exports/billable?asOf=yesterday"), "asOf");
        await Expect.ValidationAsync(await t.Auditor.GetAsync($"/api/customers/{world.Mapped}/exports/billable?knownAt=2026-10-31T00:00:00"), "knownAt");
        await Expect.ValidationAsync(await t.Auditor.GetAsync($"/api/customers/{world.Mapped}/exports/history?recordedFrom=soon"), "recordedFrom");
        await Expect.ProblemAsync(await t.Auditor.GetAsync("/api/customers/org-999999/exports/history"), 404);
        await Expect.ProblemAsync(await t.Auditor.GetAsync("/api/customers/org-999999/exports/billable"), 404);
        await Expect.ProblemAsync(await t.Auditor.GetAsync($"/api/customers/{world.Mapped}/exports/periods?period=2026-11"), 404);
        await Expect.ProblemAsync(await host.Client().GetAsync("/api/exports/discrepancies"), 401);

        Assert.Equal(head, await host.HeadAsync());
    }

    private static List<(string, decimal?, decimal?, string?, int)> Services(IEnumerable<Dictionary<string, string>> rows) =>
        rows.Select(r => (r["service"], ExportRows.Number(r["raw_amount"]), ExportRows.Number(r["quantity"]),
                r["psa_line_id"].Length == 0 ? null : r["psa_line_id"], int.Parse(r["counted_assets"], System.Globalization.CultureInfo.InvariantCulture)))
            .Order().ToList();
}

public sealed class SqliteExportApiTests(SqliteHost host) : ExportApiTests(host), IClassFixture<SqliteHost>;

public sealed class PostgresExportApiTests(PostgresHost host) : ExportApiTests(host), IClassFixture<PostgresHost>;
