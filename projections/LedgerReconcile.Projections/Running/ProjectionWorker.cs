using LedgerReconcile.EventStore;
using LedgerReconcile.Projections.Storage;
using Microsoft.Extensions.Logging;

namespace LedgerReconcile.Projections.Running;

/// <summary>
/// Runs one projection in this process whenever it holds the projection's lease: rebuilds it when its version changed,
/// then follows <c>$all</c> into the active table set. Without the lease it stands by and tries again.
/// </summary>
internal sealed class ProjectionWorker(
    IEventStore store,
    IReadModelDatabase database,
    IProjection projection,
    ProjectionRunnerOptions options,
    ProjectionRunnerState state,
    TimeProvider time,
    ILogger logger)
{
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var lease = await database.TryAcquireLeaseAsync(projection.Name, stopping).ConfigureAwait(false);
                if (lease is null)
                {
                    state.Set(projection.Name, RunnerRole.Standby, null, null, time.GetUtcNow());
                    await Task.Delay(options.LeaseRetryInterval, stopping).ConfigureAwait(false);
                    continue;
                }

                logger.LogInformation("Projection {Projection} runs in this process", projection.Name);
                using var leading = CancellationTokenSource.CreateLinkedTokenSource(stopping, lease.Lost);
                try
                {
                    await LeadAsync(leading.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (lease.Lost.IsCancellationRequested && !stopping.IsCancellationRequested)
                {
                    logger.LogWarning("Projection {Projection} lost its lease; standing by", projection.Name);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error)
            {
                logger.LogError(error, "Projection {Projection} failed; retrying in {Delay}", projection.Name, options.FailureRetryDelay);
                state.Set(projection.Name, RunnerRole.Faulted, null, error.Message, time.GetUtcNow());
                try
                {
                    await Task.Delay(options.FailureRetryDelay, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        state.Set(projection.Name, RunnerRole.Stopped, null, null, time.GetUtcNow());
    }

    private async Task LeadAsync(CancellationToken cancellationToken)
    {
        var lane = new ProjectionLane(store, database, projection, options);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sets = await database.ReadTableSetsAsync(projection.Name, cancellationToken).ConfigureAwait(false);
            var active = sets.FirstOrDefault(s => s.State == TableSetState.Active);
            if (active is null)
            {
                active = await database.CreateTableSetAsync(projection.Name, projection.Version, TableSetState.Active, cancellationToken).ConfigureAwait(false);
            }
            else if (active.Version != projection.Version)
            {
                logger.LogInformation(
                    "Projection {Projection} changed from version {Old} to {New}; rebuilding while version {Old} keeps serving",
                    projection.Name, active.Version, projection.Version, active.Version);
                state.Set(projection.Name, RunnerRole.Rebuilding, null, null, time.GetUtcNow());
                await new ProjectionRebuilder(store, database, options)
                    .RebuildAsync(projection, null, cancellationToken).ConfigureAwait(false);
                continue;
            }

            state.Set(projection.Name, RunnerRole.Running, active.Checkpoint, null, time.GetUtcNow());
            try
            {
                await lane.RunAsync(
                    active,
                    stopWhenCaughtUp: false,
                    p => state.Set(projection.Name, RunnerRole.Running, p.Checkpoint, null, time.GetUtcNow()),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (TableSetConflictException conflict)
            {
                // A rebuild swapped in a new set, or another runner briefly wrote this one: reload and go on.
                logger.LogInformation("{Message}", conflict.Message);
            }
        }
    }
}
