using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using LedgerReconcile.Domain;

namespace LedgerReconcile.Application.Ledgers;

/// <summary>
/// Turns events into stored JSON under their registered names and back, upcasting old versions on the way in.
/// Projections read the store through this same class so that every reader sees one shape per event.
/// </summary>
public static class EventSerializer
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Old stored name -> (next stored name, pure transformation of the payload).</summary>
    private static readonly Dictionary<string, (string Next, Func<JsonObject, JsonObject> Upcast)> Upcasters = new(StringComparer.Ordinal)
    {
        // v1 could only ignore agent and share volumes; v2 names any asset (device, volume, endpoint agent, seat).
        ["customer.asset_ignored.v1"] = ("customer.asset_ignored.v2", v1 => new JsonObject
        {
            ["asset"] = new JsonObject { ["kind"] = "Volume", ["id"] = v1["volumeId"]?.DeepClone() },
            ["reason"] = v1["reason"]?.DeepClone(),
            ["actor"] = v1["actor"]?.DeepClone(),
            ["decidedAt"] = v1["decidedAt"]?.DeepClone(),
        }),
    };

    public static (string StoredName, byte[] Data) Serialize(object @event) =>
        (EventRegistry.StoredNameOf(@event), JsonSerializer.SerializeToUtf8Bytes(@event, @event.GetType(), Options));

    public static object Deserialize(string storedName, ReadOnlyMemory<byte> data)
    {
        if (EventRegistry.TryGetType(storedName, out var type))
        {
            return JsonSerializer.Deserialize(data.Span, type, Options)
                   ?? throw new JsonException($"Stored event '{storedName}' holds null.");
        }

        if (!Upcasters.ContainsKey(storedName))
        {
            throw new JsonException($"'{storedName}' is neither a registered event nor an old version with an upcaster.");
        }

        var payload = JsonNode.Parse(data.Span)?.AsObject() ?? throw new JsonException($"Stored event '{storedName}' holds null.");
        var name = storedName;
        while (Upcasters.TryGetValue(name, out var step))
        {
            payload = step.Upcast(payload);
            name = step.Next;
        }

        return EventRegistry.TryGetType(name, out var current)
            ? payload.Deserialize(current, Options) ?? throw new JsonException($"Upcasting '{storedName}' produced null.")
            : throw new JsonException($"Upcasting '{storedName}' ended at unregistered '{name}'.");
    }

    /// <summary>Every stored name this serializer can read, current or old.</summary>
    public static IReadOnlyCollection<string> ReadableNames => [.. EventRegistry.StoredNames, .. Upcasters.Keys];
}
