namespace LedgerReconcile.EventStore;

/// <summary>
/// The ledger's event store port. Semantics follow EventStoreDB's .NET client (see docs/adr/0002) so that an adapter
/// for that server can be added without changing callers; the embedded SQLite store and the PostgreSQL store pass one
/// conformance suite.
/// </summary>
public interface IEventStore
{
    /// <summary>
    /// Appends <paramref name="events"/> to the end of <paramref name="stream"/> atomically, if the stream is at
    /// <paramref name="expectedRevision"/>. Re-sending a batch whose ids are already stored, in the same order and
    /// stream, returns the original result and writes nothing, however much later it comes.
    /// </summary>
    /// <exception cref="WrongExpectedRevisionException">The stream is not where the writer expected it.</exception>
    /// <exception cref="IdempotencyViolationException">Some of the ids are stored already, but not as this same batch.</exception>
    /// <exception cref="InvalidAppendException">Empty batch, invalid stream name or type, or an id repeated in the batch.</exception>
    Task<AppendResult> AppendToStreamAsync(
        string stream,
        ExpectedRevision expectedRevision,
        IReadOnlyList<EventData> events,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads one stream from <paramref name="fromRevision"/> (inclusive) in <paramref name="direction"/>, at most
    /// <paramref name="maxCount"/> events. Use <see cref="StreamRevision.Start"/> and <see cref="StreamRevision.End"/>
    /// for the ends. A stream that does not exist reads as empty; <see cref="ReadStreamRevisionAsync"/> tells the two apart.
    /// </summary>
    IAsyncEnumerable<RecordedEvent> ReadStreamAsync(
        string stream,
        ReadDirection direction,
        long fromRevision,
        long maxCount = long.MaxValue,
        CancellationToken cancellationToken = default);

    /// <summary>Reads <c>$all</c> forwards, starting after <paramref name="afterPosition"/> (0: from the beginning).</summary>
    IAsyncEnumerable<RecordedEvent> ReadAllAsync(
        long afterPosition,
        long maxCount = long.MaxValue,
        CancellationToken cancellationToken = default);

    /// <summary>The stream's last revision, or null when the stream does not exist.</summary>
    Task<long?> ReadStreamRevisionAsync(string stream, CancellationToken cancellationToken = default);

    /// <summary>The global position of the last committed event (0 when the store is empty).</summary>
    Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// A catch-up subscription to <c>$all</c>: delivers every event after <paramref name="afterPosition"/> in global
    /// order, then <see cref="SubscriptionMessage.CaughtUp"/>, then live events as they commit. It is pulled by the
    /// consumer, so a slow consumer simply reads history again and is never dropped. With a filter, checkpoints are
    /// still delivered while nothing matches.
    /// </summary>
    IAsyncEnumerable<SubscriptionMessage> SubscribeToAllAsync(
        long afterPosition,
        SubscriptionFilter? filter = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Walks the hash chain of one stream (or of the whole store when <paramref name="stream"/> is null) and reports
    /// the first broken link.
    /// </summary>
    Task<ChainVerification> VerifyAsync(
        string? stream = null,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default);
}

/// <summary>Direction of a stream read.</summary>
public enum ReadDirection
{
    /// <summary>Oldest first.</summary>
    Forwards,

    /// <summary>Newest first.</summary>
    Backwards,
}

/// <summary>Named ends of a stream for <see cref="IEventStore.ReadStreamAsync"/>.</summary>
public static class StreamRevision
{
    /// <summary>The first event of a stream.</summary>
    public const long Start = 0;

    /// <summary>The last event of a stream (for backward reads).</summary>
    public const long End = long.MaxValue;
}
