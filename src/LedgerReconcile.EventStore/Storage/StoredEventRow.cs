namespace LedgerReconcile.EventStore.Storage;

/// <summary>An event exactly as stored, raw columns included, for hashing and verification.</summary>
public sealed record StoredEventRow(
    Guid EventId,
    string Stream,
    long Revision,
    long Position,
    string Type,
    ReadOnlyMemory<byte> Data,
    ReadOnlyMemory<byte> MetadataJson,
    long RecordedAtMicroseconds,
    long OccurredAtMicroseconds,
    ReadOnlyMemory<byte> Hash)
{
    /// <summary>The envelope readers see.</summary>
    public RecordedEvent ToRecordedEvent() => new(
        EventId,
        Stream,
        Revision,
        Position,
        Type,
        Data,
        Storage.MetadataJson.Deserialize(MetadataJson.Span),
        StoreTime.FromMicroseconds(RecordedAtMicroseconds),
        StoreTime.FromMicroseconds(OccurredAtMicroseconds),
        Hash.ToArray());
}
