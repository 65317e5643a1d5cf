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
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> scratch = stackalloc byte[16];

        hash.AppendData(previousHash);
        eventId.TryWriteBytes(scratch, bigEndian: true, out _);
        hash.AppendData(scratch[..16]);
        AppendString(hash, stream, scratch);
        AppendInt64(hash, revision, scratch);
        AppendInt64(hash, position, scratch);
        AppendString(hash, type, scratch);
        AppendBytes(hash, data, scratch);
        AppendBytes(hash, metadataJson, scratch);
        AppendInt64(hash, recordedAtMicroseconds, scratch);
        AppendInt64(hash, occurredAtMicroseconds, scratch);

        return hash.GetHashAndReset();
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

    private static void AppendInt64(IncrementalHash hash, long value, Span<byte> scratch)
    {
        BinaryPrimitives.WriteInt64BigEndian(scratch, value);
        hash.AppendData(scratch[..8]);
    }

    private static void AppendBytes(IncrementalHash hash, ReadOnlySpan<byte> bytes, Span<byte> scratch)
    {
        BinaryPrimitives.WriteInt32BigEndian(scratch, bytes.Length);
        hash.AppendData(scratch[..4]);
        hash.AppendData(bytes);
    }

    private static void AppendString(IncrementalHash hash, string value, Span<byte> scratch) =>
        AppendBytes(hash, Encoding.UTF8.GetBytes(value), scratch);
}
