using System.Text.Json;
using System.Text.Json.Serialization;
using LedgerReconcile.Application.Validation;

namespace LedgerReconcile.Api.Http;

/// <summary>
/// Times in a body must say their offset (<see cref="LedgerRules.HasExplicitOffset"/>): System.Text.Json would read
/// "2026-11-01T06:00:00" as the server's local time without a word.
/// </summary>
public sealed class OffsetTimeConverter : JsonConverter<DateTimeOffset>
{
    public const string Expected = LedgerRules.OffsetTimeGrammar;

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var time))
        {
            throw new JsonException($"Expected {Expected}.");
        }

        var text = reader.GetString()!;
        return LedgerRules.HasExplicitOffset(text) ? time : throw new JsonException($"'{text}' has no offset; expected {Expected}.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
