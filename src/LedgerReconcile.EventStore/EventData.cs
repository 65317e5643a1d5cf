namespace LedgerReconcile.EventStore;

/// <summary>An event on its way into the store.</summary>
/// <param name="EventId">Client-chosen id (UUIDv7); re-sending the same ids makes an append idempotent.</param>
/// <param name="Type">The stable, versioned stored name, e.g. <c>customer.asset_ignored.v1</c>, never a CLR name.</param>
/// <param name="Data">The event's JSON, UTF-8 encoded; stored and returned byte for byte.</param>
/// <param name="Metadata">Who and in which conversation.</param>
/// <param name="OccurredAt">Valid time: when the fact was true in the world. Stored at microsecond precision.</param>
public sealed record EventData(
    Guid EventId,
    string Type,
    ReadOnlyMemory<byte> Data,
    EventMetadata Metadata,
    DateTimeOffset OccurredAt);
