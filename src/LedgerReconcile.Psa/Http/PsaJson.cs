namespace LedgerReconcile.Psa.Http;

/// <summary>Defensive readers: PSAs send numbers as strings, omit fields and use nulls where a schema says required.</summary>
internal static class PsaJson
{
    public static JsonElement? Prop(this JsonElement? element, string name) => element is { } e ? e.Prop(name) : null;

    public static JsonElement? Prop(this JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
            return null;
        if (element.TryGetProperty(name, out var value))
            return value;
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                return property.Value;
        }
        return null;
    }

    public static decimal? Decimal(this JsonElement? element) => element?.ValueKind switch
    {
        JsonValueKind.Number when element.Value.TryGetDecimal(out var d) => d,
        // Beyond decimal's range (1e300, 1e400) a number is unreadable, not an overflow that ends the sync.
        JsonValueKind.Number when element.Value.TryGetDouble(out var d) && double.IsFinite(d) && Math.Abs(d) < 7.9e28 => (decimal)d,
        JsonValueKind.String when decimal.TryParse(element.Value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    /// <summary>Why a quantity field cannot be trusted (absent, or not a number), or null when it can.</summary>
    public static string? UnreadableQuantity(this JsonElement? field, string name, bool nullIsZero) => field switch
    {
        null => $"The PSA sent no {name}, so the current quantity is unknown.",
        { ValueKind: JsonValueKind.Null } when nullIsZero => null,
        _ when field.Decimal() is null => $"The PSA sent {name} = {Shorten(field.Value.GetRawText())}, which is not a quantity.",
        _ => null,
    };

    private static string Shorten(string raw) => raw.Length <= 40 ? raw : raw[..37] + "...";

    public static long? Long(this JsonElement? element) => element?.ValueKind switch
    {
        JsonValueKind.Number when element.Value.TryGetInt64(out var l) => l,
        JsonValueKind.String when long.TryParse(element.Value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
        _ => null,
    };

    public static string? String(this JsonElement? element) => element?.ValueKind switch
    {
        JsonValueKind.String => element.Value.GetString(),
        JsonValueKind.Number => element.Value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    public static bool? Bool(this JsonElement? element) => element?.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when element.Value.TryGetInt64(out var l) => l != 0,
        JsonValueKind.String => bool.TryParse(element.Value.GetString(), out var b) ? b : null,
        _ => null,
    };

    public static DateTimeOffset? Date(this JsonElement? element) =>
        element?.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(element.Value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : null;

    public static IEnumerable<JsonElement> Items(this JsonElement element) => ((JsonElement?)element).Items();

    public static IEnumerable<JsonElement> Items(this JsonElement? element) =>
        element?.ValueKind == JsonValueKind.Array ? element.Value.EnumerateArray() : [];
}
