using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FluentValidation;
using LedgerReconcile.Api.Endpoints;
using LedgerReconcile.Api.Http;
using LedgerReconcile.Application;
using LedgerReconcile.Application.Customers;
using Mediator;

namespace LedgerReconcile.Host.Cli;

/// <summary>
/// <c>ledger import FILE --tenant ID</c>: ingests a Datto snapshot JSON file (one snapshot document, as
/// <c>POST /api/snapshots</c> takes it, or an array of them). Every document is read and validated before the first
/// is recorded, so a bad file records nothing.
/// </summary>
public static class ImportVerb
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A snapshot document (JSON), or an array of them." };
        var command = new Command("import", "Ingest Datto snapshot documents; every one is validated before any is recorded.") { file };
        var tenant = VerbOptions.Tenant(command, "import", required: true);
        var store = StoreOptions.AddTo(command);
        command.SetAction((parsed, ct) => RunAsync(parsed.GetRequiredValue(file), parsed.GetRequiredValue(tenant), store.Configuration(parsed), ct));
        return command;
    }

    private static async Task<int> RunAsync(string path, string tenant, IReadOnlyDictionary<string, string?> store, CancellationToken ct)
    {
        var documents = await ReadAsync(path, ct);
        await using var ledger = LedgerServices.Open(store);
        var caller = new CommandContext(tenant, $"cli:{Environment.UserName}", Guid.CreateVersion7().ToString(), Guid.Empty);
        var commands = documents.Select(d => d.ToCommand(caller with { CommandId = Guid.CreateVersion7() })).ToList();

        var validator = ledger.Get<IValidator<IngestUsageSnapshot>>();
        for (var i = 0; i < commands.Count; i++)
        {
            var result = await validator.ValidateAsync(commands[i], ct);
            if (!result.IsValid)
            {
                var first = result.Errors[0];
                throw new LedgerFailure(string.Create(CultureInfo.InvariantCulture,
                    $"{path}: snapshot {i + 1} ('{commands[i].SnapshotId}') is not valid: {first.PropertyName}: {first.ErrorMessage}{(result.Errors.Count > 1 ? $" (and {result.Errors.Count - 1} more)" : "")}; nothing was imported."));
            }
        }

        await using var scope = ledger.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var changed = await Terminal.ProgressAsync("import", async progress =>
        {
            var recorded = 0;
            for (var i = 0; i < commands.Count; i++)
            {
                var result = await mediator.Send(commands[i], ct);
                recorded += result.Appended.Count > 0 ? 1 : 0;
                progress.Report(i + 1, commands.Count, "snapshots");
            }

            return recorded;
        });
        Console.WriteLine($"Imported {commands.Count} snapshot(s) into tenant '{tenant}' ({ledger.Settings.Describe()}): {changed} recorded, {commands.Count - changed} already known.");
        return 0;
    }

    private static async Task<IReadOnlyList<SnapshotDocument>> ReadAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new LedgerFailure($"{path}: no such file.");
        }

        await using var file = File.OpenRead(path);
        JsonDocument json;
        try
        {
            json = await JsonDocument.ParseAsync(file, default, ct);
        }
        catch (JsonException error)
        {
            throw new LedgerFailure($"{path} is not valid JSON (line {error.LineNumber + 1}): {error.Message.Split(" Path:")[0]}");
        }

        using (json)
        {
            var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
            try
            {
                IReadOnlyList<SnapshotDocument?> documents = json.RootElement.ValueKind switch
                {
                    JsonValueKind.Array => json.RootElement.Deserialize<List<SnapshotDocument?>>(options) ?? [],
                    JsonValueKind.Object => [json.RootElement.Deserialize<SnapshotDocument>(options)],
                    _ => throw new LedgerFailure($"{path}: expected a snapshot document or an array of them, found {json.RootElement.ValueKind}."),
                };
                if (documents.Count == 0)
                {
                    throw new LedgerFailure($"{path}: the file holds no snapshot.");
                }

                return documents.Select((d, i) => d ?? throw new LedgerFailure($"{path}: snapshot {i + 1} is null.")).ToList();
            }
            catch (JsonException error)
            {
                throw new LedgerFailure($"{path} is not a snapshot document: {error.Message}");
            }
        }
    }
}
