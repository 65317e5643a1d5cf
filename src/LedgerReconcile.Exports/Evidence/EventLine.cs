using System.Globalization;
using System.Text.Json;
using LedgerReconcile.EventStore;
using LedgerReconcile.EventStore.Storage;

namespace LedgerReconcile.Exports.Evidence;

/// <summary>
/// One line of <c>events.jsonl</c>: every field the event's hash covers, with its data and metadata written as the raw
/// stored bytes so the line can be hashed again without the ledger, and the previous hash it chains from.
/// </summary>
public sealed record EventLine(
    Guid EventId,
    string Stream,
    long Revision,
    long Position,
    string Type,
    byte[] Data,
    byte[] MetadataJson,
    DateTimeOffset RecordedAt,
    DateTimeOffset OccurredAt,
    byte[] PreviousHash,
    byte[] Hash)
{
    public static EventLine From(RecordedEvent recorded, byte[] previousHash) => new(
        recorded.EventId, recorded.Stream, recorded.Revision, recorded.Position, recorded.Type, recorded.Data.ToArray(),
        EventStore.Storage.MetadataJson.Serialize(recorded.Metadata), recorded.RecordedAt, recorded.OccurredAt, previousHash, recorded.Hash);

    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"event {EventId} (stream {Stream} revision {Revision})");

    public byte[] Recompute() => EventHash.Compute(
        PreviousHash, EventId, Stream, Revision, Position, Type, Data, MetadataJson,
        StoreTime.ToMicroseconds(RecordedAt), StoreTime.ToMicroseconds(OccurredAt));

    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("stream", Stream);
        writer.WriteNumber("revision", Revision);
        writer.WriteNumber("position", Position);
        writer.WriteString("eventId", EventId);
        writer.WriteString("type", Type);
        writer.WriteString("recordedAt", RecordedAt.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteString("occurredAt", OccurredAt.ToString("O", CultureInfo.InvariantCulture));
        writer.WritePropertyName("metadata");
        writer.WriteRawValue(MetadataJson, skipInputValidation: true);

        // Data is JSON as the ledger wrote it; bytes that would not sit on one JSON line go as base64 so nothing is re-encoded.
        if (IsOneLineOfJson(Data))
        {
            writer.WritePropertyName("data");
            writer.WriteRawValue(Data, skipInputValidation: true);
        }
        else
        {
            writer.WriteBase64String("dataBase64", Data);
        }

        writer.WriteString("prevHash", Convert.ToHexStringLower(PreviousHash));
        writer.WriteString("hash", Convert.ToHexStringLower(Hash));
        writer.WriteEndObject();
    }

    /// <exception cref="FormatException">The line is not an event line.</exception>
    public static EventLine Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var data = root.TryGetProperty("dataBase64", out var base64) ? base64.GetBytesFromBase64() : Raw(root.GetProperty("data"));
            return new EventLine(
                root.GetProperty("eventId").GetGuid(),
                root.GetProperty("stream").GetString()!,
                root.GetProperty("revision").GetInt64(),
                root.GetProperty("position").GetInt64(),
                root.GetProperty("type").GetString()!,
                data,
                Raw(root.GetProperty("metadata")),
                DateTimeOffset.Parse(root.GetProperty("recordedAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                DateTimeOffset.Parse(root.GetProperty("occurredAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                Convert.FromHexString(root.GetProperty("prevHash").GetString()!),
                Convert.FromHexString(root.GetProperty("hash").GetString()!));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentNullException)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    // The value's bytes exactly as they appear in the line, which is what was hashed.
    private static byte[] Raw(JsonElement value) => System.Text.Encoding.UTF8.GetBytes(value.GetRawText());

    private static bool IsOneLineOfJson(byte[] data)
    {
        if (data.Length == 0 || IsJsonWhitespace(data[0]) || IsJsonWhitespace(data[^1]) || data.AsSpan().IndexOfAny((byte)'\n', (byte)'\r') >= 0)
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(data);
            reader.Read();
            reader.Skip();
            return !reader.Read() && reader.BytesConsumed == data.Length;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsJsonWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';
}
