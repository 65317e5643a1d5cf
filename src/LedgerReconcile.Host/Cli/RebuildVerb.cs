using System.Globalization;
using LedgerReconcile.Projections;
using LedgerReconcile.Projections.Running;

namespace LedgerReconcile.Host.Cli;

/// <summary><c>ledger rebuild [--projection NAME]</c>: rebuilds read models from position 0 beside the live ones, then swaps.</summary>
public static class RebuildVerb
{
    public static async Task<int> RunAsync(CommandLineArguments arguments, CancellationToken ct)
    {
        var only = arguments.Option("projection");
        await using var ledger = LedgerServices.Open(arguments);
        var projections = ledger.Services.GetServices<IProjection>().Where(p => only is null || p.Name == only).ToList();
        if (projections.Count == 0)
        {
            throw new UsageException($"There is no projection '{only}'; known: {string.Join(", ", ledger.Services.GetServices<IProjection>().Select(p => p.Name))}.");
        }

        var rebuilder = ledger.Get<ProjectionRebuilder>();
        foreach (var projection in projections)
        {
            var bar = new ProgressBar($"rebuild {projection.Name}");
            var result = await rebuilder.RebuildAsync(
                projection,
                new InlineProgress<RebuildProgress>(p => bar.Report(p.Position, p.Head, string.Create(CultureInfo.InvariantCulture, $"{p.EventsPerSecond:N0} events/s"))),
                ct);
            bar.Done();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Rebuilt '{projection.Name}' v{projection.Version}: {result.EventsApplied:N0} events in {result.Elapsed.TotalSeconds:0.0} s, now at position {result.Active.Checkpoint}."));
        }

        return 0;
    }
}
