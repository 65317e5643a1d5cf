using System.Text.Json;
using LedgerReconcile.Api.Tests.Infrastructure;

namespace LedgerReconcile.Api.Tests;

/// <summary><c>ledger export</c> writes the same exports as the API: the format and what to export are options.</summary>
public sealed class CommandLineExportTests
{
    [Fact]
    public async Task ExportWritesAPointInTimeCsvAndAHistoryAsJson()
    {
        var folder = await LedgerProcess.FolderWithExampleAsync();
        var output = Path.Combine(folder, "out");

        var billable = await LedgerProcess.RunAsync($"export --tenant acme --what billable --as-of 2099-01-01T00:00:00Z --out {output}", folder);
        var history = await LedgerProcess.RunAsync($"export --tenant acme --what history --customer org-4100 --format json --out {output}", folder);
        var linesAsJson = await LedgerProcess.RunAsync($"export --tenant acme --format json --out {output}", folder);
        var noCustomer = await LedgerProcess.RunAsync($"export --tenant acme --what history --out {output}", folder);

        Assert.Equal((0, 0, 0, 2), (billable.ExitCode, history.ExitCode, linesAsJson.ExitCode, noCustomer.ExitCode));
        var rows = ExportRows.Csv(await File.ReadAllTextAsync(Path.Combine(output, "billable-acme-20990101T000000Z.csv")));
        Assert.Contains(rows, r => r["customer_key"] == "org-4100" && r["service"] == "PerAgent" && ExportRows.Number(r["quantity"]) == 1m);
        Assert.All(rows, r => Assert.Equal("2099-01-01T00:00:00+00:00", r["as_of"]));
        using var events = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "history-acme-org-4100.json")));
        Assert.Equal("customer.usage_snapshot_recorded.v1", events.RootElement[0].GetProperty("event_type").GetString());
        using var lines = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "billable-acme.json")));
        Assert.Contains(lines.RootElement.EnumerateArray(), l => l.GetProperty("service").GetString() == "PerAgent");
        Assert.Contains("--customer", noCustomer.Errors, StringComparison.Ordinal);
    }
}
