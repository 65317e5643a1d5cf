using System.CommandLine;
using System.Globalization;
using LedgerReconcile.Projections;
using LedgerReconcile.Projections.Running;

namespace LedgerReconcile.Host.Cli;

/// <summary><c>ledger rebuild [--projection NAME]</c>: rebuilds read models from position 0 beside the live ones, then swaps.</summary>
public static class RebuildVerb
{
    public static Command Create()
    {
        var projection = new Option<string>("--projection") { Description = "Rebuild only this projection (default: all).", HelpName = "NAME" };
        var command = new Command("rebuild", "Rebuild the read models from position 0 beside the live ones, then swap.") { projection };
        var store = StoreOptions.AddTo(command);
        command.SetAction((parsed, ct) => RunAsync(parsed.GetValue(projection), store.Configuration(parsed), ct));
        return command;
    }

    private static async Task<int> RunAsync(string? only, IReadOnlyDictionary<string, string?> store, CancellationToken ct)
    {
        await using var ledger = LedgerServices.Open(store);
        var projections = ledger.Services.GetServices<IProjection>().Where(p => only is null || p.Name == only).ToList();
        if (projections.Count == 0)
        {
            throw new UsageException($"There is no projection '{only}'; known: {string.Join(", ", ledger.Services.GetServices<IProjection>().Select(p => p.Name))}.");
        }

        var rebuilder = ledger.Get<ProjectionRebuilder>();
        foreach (var projection in projections)
        {
            var result = await Terminal.ProgressAsync($"rebuild {projection.Name}", progress => rebuilder.RebuildAsync(
                projection,
                new InlineProgress<RebuildProgress>(p => progress.Report(p.Position, p.Head, string.Create(CultureInfo.InvariantCulture, $"{p.EventsPerSecond:N0} events/s"))),
                ct));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Rebuilt '{projection.Name}' v{projection.Version}: {result.EventsApplied:N0} events in {result.Elapsed.TotalSeconds:0.0} s, now at position {result.Active.Checkpoint}."));
        }

        return 0;
    }
}
