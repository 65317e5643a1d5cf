namespace LedgerReconcile.EventStore.Storage;

/// <summary>
/// What every store shares once it can read its rows exactly as stored: the catch-up subscription woken by its own
/// appends, and hash-chain verification. An engine supplies the appends, the reads and the two raw row scans.
/// </summary>
public abstract class RowEventStore(AppendSignal signal, TimeSpan pollInterval) : IEventStore
{
    /// <summary>Published by the store's writer after each commit; wakes the subscriptions of this process.</summary>
    protected AppendSignal Signal { get; } = signal;

    /// <inheritdoc />
    public abstract Task<AppendResult> AppendToStreamAsync(
        string stream,
        ExpectedRevision expectedRevision,
        IReadOnlyList<EventData> events,
        CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract IAsyncEnumerable<RecordedEvent> ReadStreamAsync(
        string stream,
        ReadDirection direction,
        long fromRevision,
        long maxCount = long.MaxValue,
        CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract IAsyncEnumerable<RecordedEvent> ReadAllAsync(
        long afterPosition,
        long maxCount = long.MaxValue,
        CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract Task<long?> ReadStreamRevisionAsync(string stream, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public IAsyncEnumerable<SubscriptionMessage> SubscribeToAllAsync(
        long afterPosition,
        SubscriptionFilter? filter = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterPosition);
        return CatchUpSubscription.RunAsync(this, Signal, pollInterval, afterPosition, filter, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ChainVerification> VerifyAsync(
        string? stream = null,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var rows = stream is null
            ? ReadAllRowsAsync(0, long.MaxValue, cancellationToken)
            : ReadStreamRowsAsync(stream, cancellationToken);
        return HashChainVerifier.VerifyAsync(rows, progress, cancellationToken, wholeStore: stream is null);
    }

    /// <summary>Rows in position order after <paramref name="afterPosition"/>, raw columns included.</summary>
    protected abstract IAsyncEnumerable<StoredEventRow> ReadAllRowsAsync(long afterPosition, long maxCount, CancellationToken cancellationToken);

    /// <summary>
    /// One stream's rows in revision order, raw columns included. Within a stream, revision order is position order,
    /// so walking the (stream, revision) index avoids a sort; the verifier still checks that positions rise.
    /// </summary>
    protected abstract IAsyncEnumerable<StoredEventRow> ReadStreamRowsAsync(string stream, CancellationToken cancellationToken);
}
