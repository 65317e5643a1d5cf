using LedgerReconcile.EventStore;
using LedgerReconcile.Projections.Storage;

namespace LedgerReconcile.Projections.Running;

/// <summary>Where a projection stands, as any process sharing the database sees it.</summary>
/// <param name="Projection">The projection's name.</param>
/// <param name="CodeVersion">The version this process's code has.</param>
/// <param name="Active">The set queries read, null before the first start.</param>
/// <param name="Building">A rebuild in progress, if any.</param>
/// <param name="Head">The store's head position.</param>
/// <param name="LagEvents">Events committed to the store and not yet in the active set.</param>
/// <param name="LagTime">How long the oldest of those has waited (zero when caught up).</param>
/// <param name="Local">What this process is doing with it.</param>
public sealed record ProjectionStatus(
    string Projection,
    int CodeVersion,
    TableSet? Active,
    TableSet? Building,
    long Head,
    long LagEvents,
    TimeSpan LagTime,
    LocalProjectionState Local);

/// <summary>Reports projections' lag and waits for them to reach a position (read-your-writes after a command).</summary>
public sealed class ProjectionStatusReader(
    IEventStore store,
    IReadModelDatabase database,
    IEnumerable<IProjection> projections,
    ProjectionRunnerState? state = null,
    TimeProvider? time = null)
{
    private readonly ProjectionRunnerState _state = state ?? new ProjectionRunnerState();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The status of every registered projection.</summary>
    public async Task<IReadOnlyList<ProjectionStatus>> ReadAsync(CancellationToken cancellationToken = default)
    {
        await database.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var head = await store.ReadHeadPositionAsync(cancellationToken).ConfigureAwait(false);
        var statuses = new List<ProjectionStatus>();
        foreach (var projection in projections)
        {
            var sets = await database.ReadTableSetsAsync(projection.Name, cancellationToken).ConfigureAwait(false);
            var active = sets.FirstOrDefault(s => s.State == TableSetState.Active);
            var checkpoint = active?.Checkpoint ?? 0;
            var lagTime = TimeSpan.Zero;
            if (head > checkpoint)
            {
                await foreach (var oldest in store.ReadAllAsync(checkpoint, 1, cancellationToken).ConfigureAwait(false))
                {
                    lagTime = TimeSpan.FromTicks(Math.Max(0, (_time.GetUtcNow() - oldest.RecordedAt).Ticks));
                }
            }

            statuses.Add(new ProjectionStatus(
                projection.Name,
                projection.Version,
                active,
                sets.FirstOrDefault(s => s.State == TableSetState.Building),
                head,
                Math.Max(0, head - checkpoint),
                lagTime,
                _state.Get(projection.Name)));
        }

        return statuses;
    }

    /// <summary>
    /// Waits until the active set of <paramref name="projection"/> has applied <paramref name="position"/>; false on timeout.
    /// </summary>
    public async Task<bool> WaitForPositionAsync(string projection, long position, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var sets = await database.ReadTableSetsAsync(projection, deadline.Token).ConfigureAwait(false);
                if (sets.FirstOrDefault(s => s.State == TableSetState.Active) is { } active && active.Checkpoint >= position)
                {
                    return true;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
