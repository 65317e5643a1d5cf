using System.Diagnostics;
using System.Threading.Channels;
using LedgerReconcile.EventStore;
using LedgerReconcile.Projections.Storage;

namespace LedgerReconcile.Projections.Running;

/// <summary>Thrown when a lane's commit finds its table set moved by someone else or no longer in the expected state.</summary>
public sealed class TableSetConflictException(TableSet set)
    : Exception($"Table set {set.Name} was moved by another runner or changed state; reloading.")
{
    /// <summary>The set the lane was writing.</summary>
    public TableSet Set { get; } = set;
}

/// <summary>Progress of one lane after a commit.</summary>
/// <param name="Set">The table set written.</param>
/// <param name="Checkpoint">Its checkpoint after the commit.</param>
/// <param name="EventsApplied">Events applied by this lane run so far.</param>
/// <param name="Elapsed">Time since the lane run started.</param>
/// <param name="CaughtUp">True once the lane has seen everything committed when it asked.</param>
public sealed record LaneProgress(TableSet Set, long Checkpoint, long EventsApplied, TimeSpan Elapsed, bool CaughtUp);

/// <summary>
/// Applies <c>$all</c> from a table set's checkpoint into that set: many events per transaction, the checkpoint moved in
/// the same transaction, committed early when the subscription has nothing more to give at once.
/// </summary>
internal sealed class ProjectionLane(IEventStore store, IReadModelDatabase database, IProjection projection, ProjectionRunnerOptions options)
{
    private const int ReadAhead = 8_192;

    /// <summary>Runs until cancelled, or until caught up when <paramref name="stopWhenCaughtUp"/>; returns the checkpoint.</summary>
    public async Task<long> RunAsync(
        TableSet set,
        bool stopWhenCaughtUp,
        Action<LaneProgress>? onCommit,
        CancellationToken cancellationToken)
    {
        var current = (await database.ReadTableSetsAsync(set.Projection, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(s => s.Generation == set.Generation && s.State == set.State)
            ?? throw new TableSetConflictException(set);
        var committed = current.Checkpoint;
        var seen = committed;
        var pending = 0;
        long applied = 0;
        var caughtUp = false;
        DateTimeOffset? lastRecordedAt = null;
        var clock = Stopwatch.StartNew();
        var batchStarted = TimeSpan.Zero;

        await using var lane = await database.OpenLaneAsync(current, cancellationToken).ConfigureAwait(false);
        var session = new ReadModelSession(lane, startsEmpty: committed == 0, options.DocumentCacheCapacity);

        async Task FlushAsync()
        {
            var batch = session.BuildBatch(committed, seen, lastRecordedAt);
            if (await lane.CommitAsync(batch, current.State, cancellationToken).ConfigureAwait(false) != CommitOutcome.Committed)
            {
                session.Abandon();
                throw new TableSetConflictException(current);
            }

            session.Committed();
            applied += pending;
            pending = 0;
            committed = seen;
            onCommit?.Invoke(new LaneProgress(current, committed, applied, clock.Elapsed, caughtUp));
        }

        // The subscription is read ahead on its own task, so reading the store overlaps applying and committing.
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var buffer = Channel.CreateBounded<SubscriptionMessage>(new BoundedChannelOptions(ReadAhead) { SingleReader = true, SingleWriter = true });
        var reader = Task.Run(() => ReadAheadAsync(committed, buffer.Writer, stopReading.Token), CancellationToken.None);
        try
        {
            while (true)
            {
                if (!buffer.Reader.TryRead(out var message))
                {
                    if (seen > committed)
                    {
                        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        idle.CancelAfter(options.IdleFlushDelay);
                        try
                        {
                            await buffer.Reader.WaitToReadAsync(idle.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                        {
                            await FlushAsync().ConfigureAwait(false);
                        }
                    }

                    if (!await buffer.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        await reader.ConfigureAwait(false);
                        return committed;
                    }

                    continue;
                }

                switch (message)
                {
                    case SubscriptionMessage.Event { Record: var recorded }:
                        if (seen == committed)
                        {
                            batchStarted = clock.Elapsed;
                        }

                        session.BeginEvent(recorded.Position);
                        await projection.ApplyAsync(recorded, session, cancellationToken).ConfigureAwait(false);
                        seen = recorded.Position;
                        lastRecordedAt = recorded.RecordedAt;
                        pending++;
                        if (pending >= options.BatchSize || clock.Elapsed - batchStarted >= options.MaxBatchAge)
                        {
                            await FlushAsync().ConfigureAwait(false);
                        }

                        break;

                    case SubscriptionMessage.Checkpoint { Position: var position } when position > seen:
                        seen = position;
                        break;

                    case SubscriptionMessage.CaughtUp { Position: var position }:
                        caughtUp = true;
                        seen = Math.Max(seen, position);
                        if (seen > committed)
                        {
                            await FlushAsync().ConfigureAwait(false);
                        }
                        else
                        {
                            onCommit?.Invoke(new LaneProgress(current, committed, applied, clock.Elapsed, caughtUp));
                        }

                        if (stopWhenCaughtUp)
                        {
                            return committed;
                        }

                        break;
                }
            }
        }
        finally
        {
            await stopReading.CancelAsync().ConfigureAwait(false);
            try
            {
                await reader.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The read was stopped on purpose; whatever it ended with, the lane is already leaving.
            }
        }
    }

    private async Task ReadAheadAsync(long afterPosition, ChannelWriter<SubscriptionMessage> writer, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            await foreach (var message in store.SubscribeToAllAsync(afterPosition, null, cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            failure = error;
            throw;
        }
        finally
        {
            writer.TryComplete(failure);
        }
    }
}
