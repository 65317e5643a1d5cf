namespace LedgerReconcile.Simulators.Psa.Autotask;

/// <summary>Autotask's query filter JSON: conditions with an op, a field and a value, nested under "and" and "or".</summary>
internal static class AutotaskQueryFilter
{
    public static bool Matches(JsonObject item, JsonNode filter)
    {
        var op = Get(filter.AsObject(), "op")?.GetValue<string>().ToLowerInvariant();
        if (op is "and" or "or")
        {
            var items = (Get(filter.AsObject(), "items") as JsonArray ?? []).Select(f => Matches(item, f!));
            return op == "and" ? items.All(m => m) : items.Any(m => m);
        }
        var field = Get(filter.AsObject(), "field")?.GetValue<string>() ?? throw new InvalidOperationException("A filter condition has no field.");
        var actual = item.FirstOrDefault(p => p.Key.Equals(field, StringComparison.OrdinalIgnoreCase));
        if (actual.Key is null)
            throw new InvalidOperationException($"Unable to find {field} in the entity.");
        var value = Get(filter.AsObject(), "value");
        return op switch
        {
            "eq" => Compare(actual.Value, value) == 0,
            "noteq" => Compare(actual.Value, value) != 0,
            "gt" => Compare(actual.Value, value) > 0,
            "gte" => Compare(actual.Value, value) >= 0,
            "lt" => Compare(actual.Value, value) < 0,
            "lte" => Compare(actual.Value, value) <= 0,
            "in" => (value as JsonArray ?? throw new InvalidOperationException("'in' needs an array value.")).Any(v => Compare(actual.Value, v) == 0),
            "notin" => (value as JsonArray ?? throw new InvalidOperationException("'notin' needs an array value.")).All(v => Compare(actual.Value, v) != 0),
            "contains" => Text(actual.Value)?.Contains(Text(value) ?? "", StringComparison.OrdinalIgnoreCase) == true,
            "beginswith" => Text(actual.Value)?.StartsWith(Text(value) ?? "", StringComparison.OrdinalIgnoreCase) == true,
            "exist" => actual.Value is not null,
            "notexist" => actual.Value is null,
            _ => throw new InvalidOperationException($"Unknown filter operator {op}."),
        };
    }

    private static int Compare(JsonNode? actual, JsonNode? expected)
    {
        if (actual is JsonValue a && expected is JsonValue e && a.GetValueKind() == JsonValueKind.Number && e.GetValueKind() == JsonValueKind.Number)
            return Number(a).CompareTo(Number(e));
        return string.Compare(Text(actual), Text(expected), StringComparison.OrdinalIgnoreCase);
    }

    private static decimal Number(JsonValue value) => decimal.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString();

    /// <summary>A property by name, ignoring case, as Autotask reads both filters and bodies.</summary>
    public static JsonNode? Get(JsonObject obj, string name) =>
        obj.FirstOrDefault(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}
