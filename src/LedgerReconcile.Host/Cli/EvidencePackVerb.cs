using System.CommandLine;
using LedgerReconcile.Application.Periods;
using LedgerReconcile.Domain;
using LedgerReconcile.Exports.Evidence;

namespace LedgerReconcile.Host.Cli;

/// <summary>
/// <c>ledger evidence-pack --tenant ID (--customer KEY | --month yyyy-MM) --out FILE</c>: one ZIP with the scope's events,
/// their narrative, the CSVs and the chain digest at the pack's position, checkable offline with <c>ledger verify-pack</c>.
/// </summary>
public static class EvidencePackVerb
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "The ZIP file to write.", HelpName = "FILE" };
        var customer = new Option<string>("--customer") { Description = "A customer's pack ('org-{id}' or 'name-{normalised-name}').", HelpName = "KEY" };
        customer.Validators.Add(result =>
        {
            if (!CustomerKeys.IsValid(result.GetValueOrDefault<string>()))
            {
                result.AddError("--customer is 'org-{id}' or 'name-{normalised-name}'.");
            }
        });
        var month = new Option<string>("--month") { Description = "A closed month's pack, every customer it froze.", HelpName = "yyyy-MM" };
        month.Validators.Add(result =>
        {
            if (!ClosingMonth.TryParse(result.GetValueOrDefault<string>(), out _))
            {
                result.AddError("--month is a calendar month written yyyy-MM, e.g. 2026-11.");
            }
        });
        var command = new Command("evidence-pack", "Write one ZIP of a customer's or a closed month's events, narrative, CSVs and chain digest, for an auditor.")
        {
            output, customer, month,
        };
        var tenant = VerbOptions.Tenant(command, "evidence-pack", required: true);
        VerbOptions.Require(command, "evidence-pack", output);
        command.Validators.Add(result =>
        {
            if ((result.GetResult(customer) is null) == (result.GetResult(month) is null))
            {
                result.AddError("'evidence-pack' needs either --customer or --month.");
            }
        });
        var store = StoreOptions.AddTo(command);
        command.SetAction((parsed, ct) =>
        {
            var tenantId = parsed.GetRequiredValue(tenant);
            var scope = parsed.GetValue(customer) is { } key ? EvidenceScope.ForCustomer(tenantId, key) : EvidenceScope.ForMonth(tenantId, parsed.GetRequiredValue(month));
            return RunAsync(scope, parsed.GetRequiredValue(output), store.Configuration(parsed), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(EvidenceScope scope, string file, IReadOnlyDictionary<string, string?> store, CancellationToken ct)
    {
        await using var ledger = LedgerServices.Open(store, mustExist: true);
        await ledger.CatchUpReadModelsAsync(TimeSpan.FromMinutes(5), ct);
        await using var services = ledger.Services.CreateAsyncScope();
        var pack = await services.ServiceProvider.GetRequiredService<EvidencePacks>().PrepareAsync(scope, ct)
            ?? throw new LedgerFailure(scope.CustomerKey is { } key
                ? $"tenant '{scope.Tenant}' has no customer '{key}'."
                : $"tenant '{scope.Tenant}' has not closed {scope.Month}.");

        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        EvidencePackWritten written;
        await using (var stream = File.Create(file))
        {
            written = await pack.WriteAsync(stream, ct);
        }

        Console.WriteLine($"Wrote {written.Events} event(s) at position {written.Position} to {file}, digest {written.EventsDigest}.");
        return 0;
    }
}
