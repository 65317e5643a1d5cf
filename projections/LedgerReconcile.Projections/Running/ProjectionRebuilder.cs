using System.Diagnostics;
using LedgerReconcile.EventStore;
using LedgerReconcile.Projections.Storage;

namespace LedgerReconcile.Projections.Running;

/// <summary>Progress of a rebuild, reported after every batch.</summary>
/// <param name="Projection">The projection.</param>
/// <param name="Position">Global position the new tables have reached.</param>
/// <param name="Head">The store's head when last looked at.</param>
/// <param name="EventsApplied">Events applied by this run.</param>
/// <param name="Elapsed">Time since the run started.</param>
public sealed record RebuildProgress(string Projection, long Position, long Head, long EventsApplied, TimeSpan Elapsed)
{
    /// <summary>Fraction done, 0 to 1.</summary>
    public double Fraction => Head <= 0 ? 1 : Math.Min(1, (double)Position / Head);

    /// <summary>Throughput of this run.</summary>
    public double EventsPerSecond => Elapsed.TotalSeconds <= 0 ? 0 : EventsApplied / Elapsed.TotalSeconds;
}

/// <summary>What a finished rebuild did.</summary>
/// <param name="Active">The new, now active, table set.</param>
/// <param name="EventsApplied">Events applied.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record RebuildResult(TableSet Active, long EventsApplied, TimeSpan Elapsed);

/// <summary>The rebuild is already running elsewhere.</summary>
public sealed class RebuildAlreadyRunningException(string projection)
    : Exception($"A rebuild of projection '{projection}' is already running.");

/// <summary>
/// Rebuilds a projection from position 0 into a fresh table set while the active set keeps serving, then swaps the
/// new set in atomically. An interrupted rebuild resumes from its own checkpoint the next time.
/// </summary>
public sealed class ProjectionRebuilder(IEventStore store, IReadModelDatabase database, ProjectionRunnerOptions? options = null)
{
    private readonly ProjectionRunnerOptions _options = options ?? new ProjectionRunnerOptions();

    /// <summary>Rebuilds <paramref name="projection"/> and swaps it in.</summary>
    public async Task<RebuildResult> RebuildAsync(
        IProjection projection,
        IProgress<RebuildProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        await database.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var lease = await database.TryAcquireLeaseAsync("rebuild_" + projection.Name, cancellationToken).ConfigureAwait(false)
            ?? throw new RebuildAlreadyRunningException(projection.Name);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        var token = linked.Token;
        var clock = Stopwatch.StartNew();

        var sets = await database.ReadTableSetsAsync(projection.Name, token).ConfigureAwait(false);
        TableSet? building = null;
        foreach (var set in sets.Where(s => s.State != TableSetState.Active))
        {
            if (building is null && set.State == TableSetState.Building && set.Version == projection.Version)
            {
                building = set;
                continue;
            }

            await database.DropTableSetAsync(set, token).ConfigureAwait(false);
        }

        building ??= await database.CreateTableSetAsync(projection.Name, projection.Version, TableSetState.Building, token).ConfigureAwait(false);
        var head = await store.ReadHeadPositionAsync(token).ConfigureAwait(false);
        long applied = 0;
        var lane = new ProjectionLane(store, database, projection, _options);
        await lane.RunAsync(
            building,
            stopWhenCaughtUp: true,
            onCommit: p =>
            {
                applied = p.EventsApplied;
                head = Math.Max(head, p.Checkpoint);
                progress?.Report(new RebuildProgress(projection.Name, p.Checkpoint, head, p.EventsApplied, clock.Elapsed));
            },
            token).ConfigureAwait(false);

        // Events committed after the lane caught up are applied by the live runner once the set is active.
        if (await database.ActivateAsync(building, token).ConfigureAwait(false))
        {
            var active = (await database.ReadTableSetsAsync(projection.Name, token).ConfigureAwait(false))
                .First(s => s.Generation == building.Generation);
            progress?.Report(new RebuildProgress(projection.Name, active.Checkpoint, Math.Max(head, active.Checkpoint), applied, clock.Elapsed));
            return new RebuildResult(active, applied, clock.Elapsed);
        }

        throw new TableSetConflictException(building);
    }
}
