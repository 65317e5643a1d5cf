using System.Globalization;
using System.Text;
using System.Text.Json;
using LedgerReconcile.Api.Tests.Infrastructure;
using LedgerReconcile.Exports;

namespace LedgerReconcile.Api.Tests;

/// <summary>The export writer on its own: what a spreadsheet or a JSON reader gets back, whatever the text holds.</summary>
public sealed class ExportWriterTests
{
    private sealed record Row(string Name, decimal Amount, DateTimeOffset At, long Count);

    private static readonly Row[] Rows =
    [
        new("Smith, Jones & Co", -3.5m, new DateTimeOffset(2026, 10, 31, 23, 59, 59, TimeSpan.FromHours(2)), 1),
        new("He said \"hi\"", 1234567.891m, new DateTimeOffset(2026, 11, 1, 0, 0, 0, 123, TimeSpan.Zero), 2),
        new("two\r\nlines\nhere", 0m, new DateTimeOffset(2026, 11, 2, 8, 30, 0, TimeSpan.FromHours(-5)), 3),
        new("=HYPERLINK(\"http://evil.example\",\"x\")", 1m, DateTimeOffset.UnixEpoch, 4),
        new("+1+1", 1m, DateTimeOffset.UnixEpoch, 5),
        new("-2+3", 1m, DateTimeOffset.UnixEpoch, 6),
        new("@SUM(A1)", 1m, DateTimeOffset.UnixEpoch, 7),
        new("\tTabbed", 1m, DateTimeOffset.UnixEpoch, 8),
        new("\rReturned", 1m, DateTimeOffset.UnixEpoch, 9),
        new("Plain name", 1m, DateTimeOffset.UnixEpoch, 10),
    ];

    private static readonly ExportColumn<Row>[] Columns =
    [
        new("customer_name", r => r.Name),
        new("amount", r => r.Amount),
        new("observed_at", r => r.At),
        new("count", r => r.Count),
    ];

    [Fact]
    public async Task CsvQuotesCommasQuotesAndLineBreaksAndGuardsFormulasButNotNumbers()
    {
        var text = await WriteAsync(ExportFormat.Csv);
        var rows = ExportRows.Csv(text);

        Assert.StartsWith("customer_name,amount,observed_at,count\r\n", text, StringComparison.Ordinal);
        Assert.Equal(
            [
                "Smith, Jones & Co", "He said \"hi\"", "two\r\nlines\nhere", "'=HYPERLINK(\"http://evil.example\",\"x\")", "'+1+1", "'-2+3", "'@SUM(A1)",
                "'\tTabbed", "'\rReturned", "Plain name",
            ],
            rows.Select(r => r["customer_name"]));
        Assert.Contains("\"He said \"\"hi\"\"\"", text, StringComparison.Ordinal);
        Assert.Equal(Rows.Select(r => (decimal?)r.Amount), rows.Select(r => ExportRows.Number(r["amount"])));
        Assert.Equal("-3.5", rows[0]["amount"]);
        Assert.Contains(",1234567.891,", text, StringComparison.Ordinal);
        Assert.Equal(
            ["2026-10-31T23:59:59+02:00", "2026-11-01T00:00:00.123+00:00", "2026-11-02T08:30:00-05:00"],
            rows.Take(3).Select(r => r["observed_at"]));
        Assert.Equal(Rows.Select(r => r.At), rows.Select(r => DateTimeOffset.Parse(r["observed_at"], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task JsonIsOneArrayOfObjectsWithTheCsvNamesAndTheTextUnchanged()
    {
        using var json = JsonDocument.Parse(await WriteAsync(ExportFormat.Json));

        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(Rows.Select(r => r.Name), rows.Select(r => r.GetProperty("customer_name").GetString()));
        Assert.Equal(Rows.Select(r => r.Amount), rows.Select(r => r.GetProperty("amount").GetDecimal()));
        Assert.Equal(Rows.Select(r => r.Count), rows.Select(r => r.GetProperty("count").GetInt64()));
        Assert.Equal("2026-10-31T23:59:59+02:00", rows[0].GetProperty("observed_at").GetString());
    }

    [Fact]
    public async Task AnExportWithoutRowsIsItsHeaderOrAnEmptyArray()
    {
        var csv = await WriteAsync(ExportFormat.Csv, []);
        var json = await WriteAsync(ExportFormat.Json, []);

        Assert.Equal("customer_name,amount,observed_at,count\r\n", csv);
        Assert.Equal("[]", json);
    }

    private static async Task<string> WriteAsync(ExportFormat format, Row[]? rows = null)
    {
        var export = new Export<Row>("test", Columns, (rows ?? Rows).ToAsyncEnumerable());
        using var stream = new MemoryStream();
        var written = await export.WriteAsync(stream, format, CancellationToken.None);
        Assert.Equal((rows ?? Rows).Length, written);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
