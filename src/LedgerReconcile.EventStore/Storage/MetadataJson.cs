using System.Text.Json;

namespace LedgerReconcile.EventStore.Storage;

/// <summary>
/// The one JSON form of <see cref="EventMetadata"/>: fixed property order, no whitespace, nulls left out. Stores keep
/// exactly these bytes, so the hash chain covers what an auditor reads.
/// </summary>
public static class MetadataJson
{
    private const string TenantName = "tenant";
    private const string ActorName = "actor";
    private const string CorrelationName = "$correlationId";
    private const string CausationName = "$causationId";
    private const string CommandName = "commandId";

    /// <summary>Writes the canonical JSON.</summary>
    public static byte[] Serialize(EventMetadata metadata)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(TenantName, metadata.Tenant);
            writer.WriteString(ActorName, metadata.Actor);
            writer.WriteString(CorrelationName, metadata.CorrelationId);
            if (metadata.CausationId is { } causation)
            {
                writer.WriteString(CausationName, causation);
            }

            if (metadata.CommandId is { } command)
            {
                writer.WriteString(CommandName, command);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads metadata written by <see cref="Serialize"/>.</summary>
    public static EventMetadata Deserialize(ReadOnlySpan<byte> json)
    {
        string? tenant = null, actor = null, correlation = null, causation = null, command = null;
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            var name = reader.GetString();
            reader.Read();
            var value = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
            switch (name)
            {
                case TenantName: tenant = value; break;
                case ActorName: actor = value; break;
                case CorrelationName: correlation = value; break;
                case CausationName: causation = value; break;
                case CommandName: command = value; break;
            }
        }

        return new EventMetadata(tenant ?? "", actor ?? "", correlation ?? "", causation, command);
    }
}
