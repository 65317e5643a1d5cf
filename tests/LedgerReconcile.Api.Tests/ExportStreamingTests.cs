using LedgerReconcile.Api.Tests.Infrastructure;
using LedgerReconcile.Exports;

namespace LedgerReconcile.Api.Tests;

/// <summary>The real API on Kestrel over loopback, so the wire shows how an export is sent.</summary>
public sealed class KestrelSqliteHost : LedgerHost
{
    public KestrelSqliteHost() => UseKestrel(0);

    public override string StoreName => "SQLite";

    protected override Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { ["Ledger:Sqlite"] = Path.Combine(Folder, "ledger.db") });
}

/// <summary>A large export starts at once and goes out in chunks instead of being assembled first.</summary>
public sealed class ExportStreamingTests(KestrelSqliteHost host) : IClassFixture<KestrelSqliteHost>
{
    [Fact]
    public async Task ALargeExportIsSentChunkedWithoutAContentLength()
    {
        var t = await host.TenantAsync("big");
        const int customers = 60;
        for (var i = 0; i < customers; i++)
        {
            await LedgerHost.IngestAsync(t, 5000 + i, $"Customer {i}, Ltd");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/exports/billable");
        using var response = await t.Auditor.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        await Expect.StatusAsync(response, 200);
        Assert.True(response.Headers.TransferEncodingChunked, "An export goes out in chunks.");
        Assert.Null(response.Content.Headers.ContentLength);
        var rows = ExportRows.Csv(await response.Content.ReadAsStringAsync());
        Assert.True(rows.Count > Export<BillableStateRow>.RowsPerFlush, $"Only {rows.Count} rows: too few to be flushed before the end.");
        Assert.Equal(customers, rows.Select(r => r["customer_key"]).Distinct().Count());

        using var json = await t.Auditor.GetAsync("/api/exports/billable?format=json", HttpCompletionOption.ResponseHeadersRead);
        Assert.True(json.Headers.TransferEncodingChunked, "A JSON export goes out in chunks too.");
        Assert.Equal(rows.Count, (await ExportRows.JsonAsync(json)).Count);
    }
}
