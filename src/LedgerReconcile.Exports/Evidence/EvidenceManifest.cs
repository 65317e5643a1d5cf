using System.Text.Json;
using System.Text.Json.Serialization;

namespace LedgerReconcile.Exports.Evidence;

/// <summary>One file of a pack with the SHA-256 (hex) of its bytes.</summary>
public sealed record PackFile(string Name, long Bytes, string Sha256);

/// <summary>
/// <c>manifest.json</c>: what the pack covers, where in the ledger it was cut, the digests and what checking them proves.
/// </summary>
/// <param name="Position">The global position the pack is cut at: no event after it is included.</param>
/// <param name="EventsDigest">SHA-256 over the hashes of the events in <c>events.jsonl</c>, in file order (hex).</param>
/// <param name="LedgerDigest">
/// SHA-256 over the hashes of every event of the store from position 1 to <see cref="Position"/>: what
/// <c>ledger verify</c> prints as its digest when the store ends there. Only the ledger can recompute it.
/// </param>
public sealed record EvidenceManifest(
    int FormatVersion,
    string Tenant,
    string Scope,
    string? CustomerKey,
    string? Month,
    DateTimeOffset CreatedAt,
    long Position,
    string EventsDigest,
    string LedgerDigest,
    string HashAlgorithm,
    string Proves,
    string DoesNotProve,
    long Events,
    int Streams,
    IReadOnlyList<string> Customers,
    IReadOnlyList<PackFile> Files)
{
    public const string FileName = "manifest.json";
    public const string EventsFile = "events.jsonl";
    public const string NarrativeFile = "narrative.txt";
    public const int CurrentFormat = 1;

    public const string HashAlgorithmText =
        "Each event's hash is SHA-256 over: prevHash (32 bytes; the hash of the previous event of the same stream, 32 zero bytes for revision 0), " +
        "eventId (16 bytes, big-endian RFC 4122 order), stream (int32 big-endian UTF-8 byte count, then the bytes), revision (int64 big-endian), " +
        "position (int64 big-endian), type (length-prefixed UTF-8), data (length-prefixed bytes exactly as stored), metadata (length-prefixed " +
        "canonical JSON bytes exactly as in the line), recordedAt and occurredAt (int64 big-endian microseconds since 1970-01-01T00:00:00Z).";

    public const string ProvesText =
        "Each event in events.jsonl hashes, from its own fields and prevHash, to its recorded hash, so it is byte for byte the event that " +
        "hash was computed over; each chains to the event before it in its stream, every stream starts at revision 0, eventsDigest is over " +
        "exactly these events, and every file matches its SHA-256 here.";

    public const string DoesNotProveText =
        "That the hashes are the ledger's: anyone can recompute SHA-256, so a pack rewritten as a whole, or with its last events cut off " +
        "and the manifest redone, still verifies. Tying the pack to the ledger needs the ledger (ledger verify; its digest at this position " +
        "is ledgerDigest, and each event's hash can be compared with the stored one) or a signed checkpoint. The narrative and CSVs are " +
        "derived views: their digests prove they are unchanged since the pack was made, not that they are right.";

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // A pack is read by people and tools, never embedded in HTML: '+' and apostrophes stay as they are.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
