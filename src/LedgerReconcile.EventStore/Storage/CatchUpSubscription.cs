using System.Runtime.CompilerServices;

namespace LedgerReconcile.EventStore.Storage;

/// <summary>
/// The catch-up subscription both stores share, built on <see cref="IEventStore.ReadAllAsync"/> alone. Reads are
/// paged and pulled by the consumer, so there is no buffer to overflow: a slow consumer is never dropped. Because the
/// stores only expose positions whose predecessors are all committed (see docs/adr/0004), reading "after the last
/// position seen" can neither skip nor repeat an event.
/// </summary>
public static class CatchUpSubscription
{
    /// <summary>Events read per page.</summary>
    public const int PageSize = 1024;

    /// <summary>Runs the subscription.</summary>
    /// <param name="store">The store to read.</param>
    /// <param name="signal">Wakes the subscription on an in-process commit.</param>
    /// <param name="pollInterval">How often to look again without a signal (other processes' commits).</param>
    /// <param name="afterPosition">Exclusive checkpoint.</param>
    /// <param name="filter">Optional filter.</param>
    /// <param name="cancellationToken">Ends the subscription.</param>
    public static async IAsyncEnumerable<SubscriptionMessage> RunAsync(
        IEventStore store,
        AppendSignal signal,
        TimeSpan pollInterval,
        long afterPosition,
        SubscriptionFilter? filter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var checkpoint = afterPosition;
        var caughtUp = false;

        while (!cancellationToken.IsCancellationRequested)
        {
            var read = 0;
            var lastMatchedAt = checkpoint;
            await foreach (var recorded in store.ReadAllAsync(checkpoint, PageSize, cancellationToken).ConfigureAwait(false))
            {
                read++;
                checkpoint = recorded.Position;
                if (filter is null || filter.Matches(recorded))
                {
                    lastMatchedAt = checkpoint;
                    yield return new SubscriptionMessage.Event(recorded);
                }
            }

            if (filter is not null && read > 0 && lastMatchedAt != checkpoint)
            {
                yield return new SubscriptionMessage.Checkpoint(checkpoint);
            }

            if (read == PageSize)
            {
                continue;
            }

            if (!caughtUp)
            {
                caughtUp = true;
                yield return new SubscriptionMessage.CaughtUp(checkpoint);
            }

            await signal.WaitBeyondAsync(checkpoint, pollInterval, cancellationToken).ConfigureAwait(false);
        }
    }
}
