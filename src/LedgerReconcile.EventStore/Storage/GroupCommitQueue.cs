using System.Threading.Channels;

namespace LedgerReconcile.EventStore.Storage;

/// <summary>An append waiting for the store's single writer.</summary>
public sealed class PendingAppend(string stream, ExpectedRevision expected, IReadOnlyList<EventData> events)
{
    private readonly TaskCompletionSource<AppendResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The stream to append to.</summary>
    public string Stream { get; } = stream;

    /// <summary>The writer's expectation.</summary>
    public ExpectedRevision Expected { get; } = expected;

    /// <summary>The events, in order.</summary>
    public IReadOnlyList<EventData> Events { get; } = events;

    /// <summary>Completes when the writer has committed or refused the append.</summary>
    public Task<AppendResult> Completion => _completion.Task;

    /// <summary>True once the outcome is set.</summary>
    public bool IsDone => _completion.Task.IsCompleted;

    /// <summary>Reports success.</summary>
    public void Succeed(AppendResult result) => _completion.TrySetResult(result);

    /// <summary>Reports failure.</summary>
    public void Fail(Exception error) => _completion.TrySetException(error);
}

/// <summary>
/// Group commit: one writer task takes every append that is waiting, commits them in one durable transaction and
/// completes each caller. Each append keeps its own expected-revision check and all-or-nothing outcome; the group
/// shares one fsync. This is also the single sequencer that makes global positions follow commit order (docs/adr/0004).
/// </summary>
public sealed class GroupCommitQueue : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(10);

    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(
        new UnboundedChannelOptions { SingleReader = true });

    private readonly Func<IReadOnlyList<PendingAppend>, CancellationToken, Task> _commitGroup;
    private readonly int _maxEventsPerGroup;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _writer;

    /// <param name="commitGroup">
    /// Commits a group in one transaction and completes every append of it: a refused one (conflict, invalid) with its
    /// error, the others with their result, but only once the transaction is durable. If it throws, the group's
    /// appends are tried again one by one, so one append's fault never fails another's.
    /// </param>
    /// <param name="maxEventsPerGroup">Upper bound on events in one transaction.</param>
    public GroupCommitQueue(Func<IReadOnlyList<PendingAppend>, CancellationToken, Task> commitGroup, int maxEventsPerGroup = 10_000)
    {
        _commitGroup = commitGroup;
        _maxEventsPerGroup = maxEventsPerGroup;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Queues an append and waits for its outcome.</summary>
    public Task<AppendResult> EnqueueAsync(PendingAppend append)
    {
        if (!_queue.Writer.TryWrite(append))
        {
            throw new ObjectDisposedException(nameof(GroupCommitQueue), "The store is shutting down.");
        }

        return append.Completion;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            // Let queued appends finish; if the database does not answer, stop waiting for it.
            if (await Task.WhenAny(_writer, Task.Delay(ShutdownGrace)).ConfigureAwait(false) != _writer)
            {
                await _stopping.CancelAsync().ConfigureAwait(false);
            }

            await _writer.ConfigureAwait(false);
        }
        finally
        {
            _stopping.Dispose();
        }
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<PendingAppend>();
        PendingAppend? carried = null;
        while (carried is not null || await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            var events = 0;
            if (carried is not null)
            {
                group.Add(carried);
                events += carried.Events.Count;
                carried = null;
            }

            while (_queue.Reader.TryRead(out var next))
            {
                if (group.Count > 0 && events + next.Events.Count > _maxEventsPerGroup)
                {
                    carried = next;
                    break;
                }

                group.Add(next);
                events += next.Events.Count;
            }

            if (group.Count == 0)
            {
                continue;
            }

            await CommitAsync(group).ConfigureAwait(false);
        }
    }

    private async Task CommitAsync(List<PendingAppend> group)
    {
        try
        {
            await _commitGroup(group, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception) when (group.Count > 1)
        {
            foreach (var append in group.Where(a => !a.IsDone))
            {
                await CommitAsync([append]).ConfigureAwait(false);
            }

            return;
        }
        catch (Exception error)
        {
            group[0].Fail(error);
            return;
        }

        foreach (var append in group.Where(a => !a.IsDone))
        {
            append.Fail(new InvalidOperationException("The store's writer left an append without an outcome."));
        }
    }
}
