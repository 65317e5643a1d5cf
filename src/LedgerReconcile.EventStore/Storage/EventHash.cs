using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace LedgerReconcile.EventStore.Storage;

/// <summary>
/// The tamper-evidence chain: each event's hash is SHA-256 over the previous hash of its stream and a length-prefixed
/// canonical encoding of its own content, so changing, reordering or moving any stored byte breaks the chain from
/// there on. The first event of a stream chains from 32 zero bytes.
/// </summary>
public static class EventHash
{
    /// <summary>Length of a hash in bytes.</summary>
    public const int Length = 32;

    /// <summary>The "previous hash" of a stream's first event.</summary>
    public static ReadOnlySpan<byte> Genesis => new byte[Length];

    /// <summary>Computes an event's hash from its stored fields.</summary>
    public static byte[] Compute(
        ReadOnlySpan<byte> previousHash,
        Guid eventId,
        string stream,
        long revision,
        long position,
        string type,
        ReadOnlySpan<byte> data,
        ReadOnlySpan<byte> metadataJson,
        long recordedAtMicroseconds,
        long occurredAtMicroseconds)
    {
        // One contiguous buffer and one SHA256.HashData call: this runs once per appended and per verified event.
        var streamLength = Encoding.UTF8.GetByteCount(stream);
        var typeLength = Encoding.UTF8.GetByteCount(type);
        var length = previousHash.Length + 16 + (4 + streamLength) + 8 + 8 + (4 + typeLength)
            + (4 + data.Length) + (4 + metadataJson.Length) + 8 + 8;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var buffer = rented.AsSpan(0, length);
            var at = 0;
            previousHash.CopyTo(buffer);
            at += previousHash.Length;
            eventId.TryWriteBytes(buffer[at..], bigEndian: true, out _);
            at += 16;
            at += WriteString(buffer[at..], stream, streamLength);
            BinaryPrimitives.WriteInt64BigEndian(buffer[at..], revision);
            at += 8;
            BinaryPrimitives.WriteInt64BigEndian(buffer[at..], position);
            at += 8;
            at += WriteString(buffer[at..], type, typeLength);
            at += WriteBytes(buffer[at..], data);
            at += WriteBytes(buffer[at..], metadataJson);
            BinaryPrimitives.WriteInt64BigEndian(buffer[at..], recordedAtMicroseconds);
            at += 8;
            BinaryPrimitives.WriteInt64BigEndian(buffer[at..], occurredAtMicroseconds);

            return SHA256.HashData(buffer);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Recomputes the hash of a recorded event from the previous hash of its stream.</summary>
    public static byte[] Compute(ReadOnlySpan<byte> previousHash, RecordedEvent recorded) =>
        Compute(
            previousHash,
            recorded.EventId,
            recorded.Stream,
            recorded.Revision,
            recorded.Position,
            recorded.Type,
            recorded.Data.Span,
            MetadataJson.Serialize(recorded.Metadata),
            StoreTime.ToMicroseconds(recorded.RecordedAt),
            StoreTime.ToMicroseconds(recorded.OccurredAt));

    private static int WriteBytes(Span<byte> destination, ReadOnlySpan<byte> bytes)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, bytes.Length);
        bytes.CopyTo(destination[4..]);
        return 4 + bytes.Length;
    }

    private static int WriteString(Span<byte> destination, string value, int byteCount)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, byteCount);
        Encoding.UTF8.GetBytes(value, destination[4..]);
        return 4 + byteCount;
    }
}
