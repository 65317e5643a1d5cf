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
    /// <exception cref="CorruptStoredEventException">The stored metadata or a timestamp cannot be decoded.</exception>
    public RecordedEvent ToRecordedEvent()
    {
        try
        {
            return new(
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
        catch (Exception ex) when (StoreTime.IsUndecodable(ex))
        {
            throw new CorruptStoredEventException(Stream, Position, EventId, ex.Message, ex);
        }
    }
}
