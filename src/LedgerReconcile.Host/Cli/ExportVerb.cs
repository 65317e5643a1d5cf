using System.CommandLine;
using System.Globalization;
using System.Text;
using LedgerReconcile.Projections.Billing;

namespace LedgerReconcile.Host.Cli;

/// <summary>
/// <c>ledger export --tenant ID [--out DIR]</c>: the billable state of every customer's service lines and the
/// discrepancies among them, as two CSV files for finance (<c>billable-{tenant}.csv</c>, <c>discrepancies-{tenant}.csv</c>).
/// </summary>
public static class ExportVerb
{
    private const int Page = 1000;

    private static readonly string[] Header =
    [
        "customer_key", "customer_name", "service", "unit", "datto_quantity", "psa_line_id", "psa_quantity", "difference",
        "unit_price", "currency", "money_impact", "status", "note", "usage_observed_at", "snapshot_id",
    ];

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "The folder to write the two CSV files to (default: the current directory).", HelpName = "DIR" };
        var command = new Command("export", "Write the billable state and the discrepancies of a tenant as CSV for finance.") { output };
        var tenant = VerbOptions.Tenant(command, "export", required: true);
        var store = StoreOptions.AddTo(command);
        command.SetAction((parsed, ct) => RunAsync(parsed.GetRequiredValue(tenant), parsed.GetValue(output) ?? ".", store.Configuration(parsed), ct));
        return command;
    }

    private static async Task<int> RunAsync(string tenant, string folder, IReadOnlyDictionary<string, string?> store, CancellationToken ct)
    {
        await using var ledger = LedgerServices.Open(store, mustExist: true);
        Directory.CreateDirectory(folder);
        await ledger.CatchUpReadModelsAsync(TimeSpan.FromMinutes(5), ct);

        var billing = ledger.Get<BillingQueries>();
        var all = await ReadAllAsync(billing, tenant, Enum.GetValues<BillableStatus>(), ct);
        var discrepancies = await ReadAllAsync(billing, tenant, BillingQueries.DiscrepancyStatuses, ct);
        var billablePath = Path.Combine(folder, $"billable-{tenant}.csv");
        var discrepanciesPath = Path.Combine(folder, $"discrepancies-{tenant}.csv");
        await WriteAsync(billablePath, all.OrderBy(l => l.CustomerKey, StringComparer.Ordinal).ThenBy(l => l.Service, StringComparer.Ordinal), ct);
        await WriteAsync(discrepanciesPath, discrepancies, ct);
        Console.WriteLine($"Wrote {all.Count} line(s) to {billablePath} and {discrepancies.Count} discrepancy(ies) to {discrepanciesPath}.");
        return 0;
    }

    private static async Task<List<BillableLine>> ReadAllAsync(BillingQueries billing, string tenant, IReadOnlyList<BillableStatus> statuses, CancellationToken ct)
    {
        var lines = new List<BillableLine>();
        while (true)
        {
            var page = await billing.ListDiscrepanciesAsync(tenant, statuses, null, lines.Count, Page, ct);
            lines.AddRange(page);
            if (page.Count < Page)
            {
                return lines;
            }
        }
    }

    private static async Task WriteAsync(string path, IEnumerable<BillableLine> lines, CancellationToken ct)
    {
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', Header));
        foreach (var l in lines)
        {
            csv.AppendLine(string.Join(',', new[]
            {
                l.CustomerKey, l.CustomerName, l.Service, l.Unit, Number(l.DattoQuantity), l.PsaLineId, Number(l.PsaQuantity), Number(l.Difference),
                Number(l.UnitPrice?.Amount), l.UnitPrice?.Currency, Number(l.MoneyImpact), l.Status.ToString(), l.Note,
                l.UsageObservedAt?.ToString("O", CultureInfo.InvariantCulture), l.SnapshotId,
            }.Select(Field)));
        }

        await File.WriteAllTextAsync(path, csv.ToString(), new UTF8Encoding(false), ct);
    }

    private static string? Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    /// <summary>RFC 4180 quoting; a leading = + - @ is neutralised so a spreadsheet never runs a cell as a formula.</summary>
    private static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '@' or '\t' or '\r' || (value[0] == '-' && !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _)))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
