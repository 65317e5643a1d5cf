namespace LedgerReconcile.EventStore.Storage;

/// <summary>
/// Wakes live subscriptions when a commit moves the head. In-process only; a store shared by several processes
/// also polls (see <see cref="CatchUpSubscription"/>).
/// </summary>
public sealed class AppendSignal
{
    private TaskCompletionSource _next = NewSource();
    private long _head;

    /// <summary>The highest position published so far.</summary>
    public long Head => Interlocked.Read(ref _head);

    /// <summary>Announces that everything up to <paramref name="head"/> is committed.</summary>
    public void Publish(long head)
    {
        long seen;
        do
        {
            seen = Interlocked.Read(ref _head);
            if (head <= seen)
            {
                break;
            }
        }
        while (Interlocked.CompareExchange(ref _head, head, seen) != seen);

        Interlocked.Exchange(ref _next, NewSource()).TrySetResult();
    }

    /// <summary>Completes when the head passes <paramref name="position"/>, the timeout elapses, or cancellation.</summary>
    public async Task WaitBeyondAsync(long position, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var next = Volatile.Read(ref _next).Task;
        if (Head > position)
        {
            return;
        }

        try
        {
            await next.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A timeout is a poll tick: the caller looks at the store again.
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
