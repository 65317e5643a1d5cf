namespace LedgerReconcile.EventStore;

/// <summary>An event as the store holds it: the envelope every reader sees.</summary>
/// <param name="EventId">The id the writer chose.</param>
/// <param name="Stream">The stream the event belongs to.</param>
/// <param name="Revision">0-based position inside its stream.</param>
/// <param name="Position">1-based position in the global (<c>$all</c>) order; gap-free and in commit order.</param>
/// <param name="Type">The stable, versioned stored name.</param>
/// <param name="Data">The event's JSON, UTF-8 encoded, exactly as written.</param>
/// <param name="Metadata">Who and in which conversation.</param>
/// <param name="RecordedAt">Record time, set by the store; never earlier than the previous event's.</param>
/// <param name="OccurredAt">Valid time, from the writer.</param>
/// <param name="Hash">SHA-256 over the previous event's hash in the same stream and this event's canonical content.</param>
public sealed record RecordedEvent(
    Guid EventId,
    string Stream,
    long Revision,
    long Position,
    string Type,
    ReadOnlyMemory<byte> Data,
    EventMetadata Metadata,
    DateTimeOffset RecordedAt,
    DateTimeOffset OccurredAt,
    byte[] Hash);
