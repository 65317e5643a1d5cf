using System.Text;
using LedgerReconcile.EventStore.Storage;
using SQLitePCL;

namespace LedgerReconcile.EventStore.Sqlite;

/// <summary>
/// Turns the current row of a raw statement over <see cref="Columns"/> into an event. Reads go through SQLite's C API
/// rather than <c>SqliteDataReader</c> because it hands out column bytes without copying: that doubles the speed of an
/// <c>$all</c> scan. One instance serves one read, and keeps the last stream, type and metadata it decoded, since
/// neighbouring events (one batch, one command) usually share them.
/// </summary>
internal sealed class SqliteEventRows
{
    internal const string Columns = "position, event_id, stream, revision, type, data, metadata, recorded_at, occurred_at, hash";

    private readonly LastDecoded<string> _stream = new(bytes => Encoding.UTF8.GetString(bytes));
    private readonly LastDecoded<string> _type = new(bytes => Encoding.UTF8.GetString(bytes));
    private readonly LastDecoded<EventMetadata> _metadata = new(MetadataJson.Deserialize);

    /// <summary>The payload bytes (data) held by the events read so far; lets pages stop before they grow too big.</summary>
    internal long BytesRead { get; set; }

    internal RecordedEvent ReadRecorded(sqlite3_stmt row)
    {
        var (eventId, stream, revision, position, type, data) = ReadIdentityAndData(row);
        try
        {
            return new RecordedEvent(eventId, stream, revision, position, type, data,
                _metadata.Decode(raw.sqlite3_column_blob(row, 6)),
                StoreTime.FromMicroseconds(raw.sqlite3_column_int64(row, 7)),
                StoreTime.FromMicroseconds(raw.sqlite3_column_int64(row, 8)),
                raw.sqlite3_column_blob(row, 9).ToArray());
        }
        catch (Exception ex) when (StoreTime.IsUndecodable(ex))
        {
            throw new CorruptStoredEventException(stream, position, eventId, ex.Message, ex);
        }
    }

    // Keeps metadata and times as stored: the hash chain is verified over exactly those bytes.
    internal StoredEventRow ReadStored(sqlite3_stmt row)
    {
        var (eventId, stream, revision, position, type, data) = ReadIdentityAndData(row);
        return new StoredEventRow(eventId, stream, revision, position, type, data,
            raw.sqlite3_column_blob(row, 6).ToArray(),
            raw.sqlite3_column_int64(row, 7),
            raw.sqlite3_column_int64(row, 8),
            raw.sqlite3_column_blob(row, 9).ToArray());
    }

    private (Guid EventId, string Stream, long Revision, long Position, string Type, byte[] Data) ReadIdentityAndData(sqlite3_stmt row)
    {
        var data = raw.sqlite3_column_blob(row, 5).ToArray();
        BytesRead += data.Length;
        return (ReadEventId(row),
            _stream.Decode(raw.sqlite3_column_blob(row, 2)),
            raw.sqlite3_column_int64(row, 3),
            raw.sqlite3_column_int64(row, 0),
            _type.Decode(raw.sqlite3_column_blob(row, 4)),
            data);
    }

    private static Guid ReadEventId(sqlite3_stmt row)
    {
        var bytes = raw.sqlite3_column_blob(row, 1);
        return bytes.Length == 16
            ? new Guid(bytes, bigEndian: true)
            : throw new InvalidDataException($"Event at position {raw.sqlite3_column_int64(row, 0)} has a {bytes.Length}-byte id.");
    }

    private sealed class LastDecoded<T>(LastDecoded<T>.Decoder decode)
        where T : class
    {
        private byte[] _bytes = [];
        private T? _value;

        internal delegate T Decoder(ReadOnlySpan<byte> bytes);

        internal T Decode(ReadOnlySpan<byte> bytes)
        {
            if (_value is null || !bytes.SequenceEqual(_bytes))
            {
                _value = decode(bytes);
                _bytes = bytes.ToArray();
            }

            return _value;
        }
    }
}
