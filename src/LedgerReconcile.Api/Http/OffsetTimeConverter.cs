using System.Text.Json;
using System.Text.Json.Serialization;

namespace LedgerReconcile.Api.Http;

/// <summary>
/// Times in a body must say their offset: System.Text.Json reads "2026-11-01T06:00:00" as the server's local time
/// without a word, so the same request would mean a different instant on another machine.
/// </summary>
public sealed class OffsetTimeConverter : JsonConverter<DateTimeOffset>
{
    public const string Expected = "a time with its offset, such as 2026-11-01T06:00:00Z or 2026-11-01T07:00:00+01:00";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var time))
        {
            throw new JsonException($"Expected {Expected}.");
        }

        var text = reader.GetString()!;
        return HasOffset(text) ? time : throw new JsonException($"'{text}' has no offset; expected {Expected}.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    private static bool HasOffset(string text)
    {
        var time = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        return time > 0 && (text.EndsWith('Z') || text.EndsWith('z') || text.AsSpan(time).IndexOfAny('+', '-') > 0);
    }
}
