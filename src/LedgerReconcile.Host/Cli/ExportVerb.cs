using System.CommandLine;
using System.Globalization;
using LedgerReconcile.Domain;
using LedgerReconcile.Exports;
using LedgerReconcile.Projections.Billing;

namespace LedgerReconcile.Host.Cli;

/// <summary>
/// <c>ledger export --tenant ID [--out DIR] [--format csv|json] [--what lines|billable|periods|history] [--customer KEY]
/// [--as-of TIME] [--known-at TIME]</c>: the same exports as <c>/api/exports</c>, written to files. By default
/// (<c>--what lines</c>) the billable state of every customer's service lines and the discrepancies among them, as
/// <c>billable-{tenant}.csv</c> and <c>discrepancies-{tenant}.csv</c> for finance.
/// </summary>
public static class ExportVerb
{
    private static readonly string[] Whats = ["lines", "billable", "periods", "history"];

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "The folder to write the files to (default: the current directory).", HelpName = "DIR" };
        var format = new Option<string>("--format") { Description = "csv (default) or json.", HelpName = "FORMAT", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var what = new Option<string>("--what")
        {
            Description = "lines (default: read-model lines and discrepancies), billable (point in time), periods (closed periods) or history (needs --customer).",
            HelpName = "WHAT",
            DefaultValueFactory = _ => "lines",
        };
        what.AcceptOnlyFromAmong(Whats);
        var customer = new Option<string>("--customer") { Description = "Only this customer ('org-{id}' or 'name-{normalised-name}').", HelpName = "KEY" };
        customer.Validators.Add(result =>
        {
            if (!CustomerKeys.IsValid(result.GetValueOrDefault<string>()))
            {
                result.AddError("--customer is 'org-{id}' or 'name-{normalised-name}'.");
            }
        });
        var asOf = Time("--as-of", "Valid time for --what billable: what was true then (default now).");
        var knownAt = Time("--known-at", "Record time for --what billable: as the ledger knew it then (default now).");
        var command = new Command("export", "Write the billable state, discrepancies, closed periods or a customer's history of a tenant as CSV or JSON.")
        {
            output, format, what, customer, asOf, knownAt,
        };
        var tenant = VerbOptions.Tenant(command, "export", required: true);
        command.Validators.Add(result =>
        {
            if (result.GetValue(what) == "history" && result.GetResult(customer) is null)
            {
                result.AddError("--what history needs --customer.");
            }
        });
        var store = StoreOptions.AddTo(command);
        command.SetAction((parsed, ct) => RunAsync(
            new ExportRequest(
                parsed.GetRequiredValue(tenant),
                parsed.GetValue(output) ?? ".",
                parsed.GetValue(format) == "json" ? ExportFormat.Json : ExportFormat.Csv,
                parsed.GetValue(what) ?? "lines",
                parsed.GetValue(customer),
                parsed.GetValue(asOf),
                parsed.GetValue(knownAt)),
            store.Configuration(parsed),
            ct));
        return command;
    }

    private sealed record ExportRequest(
        string Tenant, string Folder, ExportFormat Format, string What, string? Customer, DateTimeOffset? AsOf, DateTimeOffset? KnownAt);

    private static Option<DateTimeOffset?> Time(string name, string description) => new(name)
    {
        Description = description + " ISO-8601; UTC unless it carries an offset.",
        HelpName = "TIME",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
            {
                return value;
            }

            result.AddError($"{name} must be an ISO-8601 time such as 2026-10-31T23:59:59Z, not '{text}'.");
            return null;
        },
    };

    private static async Task<int> RunAsync(ExportRequest request, IReadOnlyDictionary<string, string?> store, CancellationToken ct)
    {
        await using var ledger = LedgerServices.Open(store, mustExist: true);
        if (request.Customer is { } key && await ledger.Store.ReadStreamRevisionAsync(StreamNames.Customer(request.Tenant, key), ct) is null)
        {
            throw new LedgerFailure($"tenant '{request.Tenant}' has no customer '{key}'.");
        }

        Directory.CreateDirectory(request.Folder);
        await ledger.CatchUpReadModelsAsync(TimeSpan.FromMinutes(5), ct);
        await using var scope = ledger.Services.CreateAsyncScope();
        var exports = scope.ServiceProvider.GetRequiredService<LedgerExports>();
        var now = ledger.Get<TimeProvider>().GetUtcNow();
        var ext = request.Format.Extension();
        IReadOnlyList<(IExport Export, string File)> files = request.What switch
        {
            "billable" => [Named(exports.BillableState(request.Tenant, request.Customer, request.AsOf ?? now, request.KnownAt ?? now), request.Format)],
            "periods" => [Named(exports.ClosedPeriods(request.Tenant, request.Customer, null), request.Format)],
            "history" => [Named(exports.CustomerHistory(request.Tenant, request.Customer!, AuditHistoryFilter.Everything), request.Format)],
            _ =>
            [
                (exports.Discrepancies(request.Tenant, DiscrepancyFilter.EveryLine), $"billable-{request.Tenant}.{ext}"),
                (exports.Discrepancies(request.Tenant, new DiscrepancyFilter()), $"discrepancies-{request.Tenant}.{ext}"),
            ],
        };

        foreach (var (export, file) in files)
        {
            var path = Path.Combine(request.Folder, file);
            await using var stream = File.Create(path);
            var rows = await export.WriteAsync(stream, request.Format, ct);
            Console.WriteLine($"Wrote {rows} row(s) to {path}.");
        }

        return 0;
    }

    private static (IExport, string) Named(IExport export, ExportFormat format) => (export, export.FileName(format));
}
