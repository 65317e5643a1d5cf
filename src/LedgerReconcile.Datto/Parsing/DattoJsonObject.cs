using System.Globalization;
using System.Text.Json;
using LedgerReconcile.Datto.Usage;

namespace LedgerReconcile.Datto.Parsing;

// Reads one Datto object field by field, accepting every typing the sources disagree on (numbers as strings,
// booleans as 0/1/"true", dates as ISO strings or epoch numbers). A value it cannot read becomes a warning and null,
// never an exception: one odd field must not fail the sync.
internal readonly struct DattoJsonObject(JsonElement element, string subject, string endpoint, List<DattoWarning> warnings)
{
    // Above this an epoch number is taken as milliseconds (year 5138 in seconds).
    private const long EpochMillisecondsThreshold = 100_000_000_000;
    private const long MaxEpochMilliseconds = 253_402_300_799_999;

    public JsonElement Element => element;

    public bool TryGet(string name, out JsonElement value) =>
        FindProperty(element, name, out value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);

    // Field names are camelCase on the wire; a case-insensitive second look costs little and survives a casing slip.
    public static bool FindProperty(JsonElement element, string name, out JsonElement value)
    {
        if (element.TryGetProperty(name, out value)) return true;
        foreach (var property in element.EnumerateObject())
        {
            if (!string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) continue;
            value = property.Value;
            return true;
        }
        value = default;
        return false;
    }

    public string? String(string name)
    {
        if (!TryGet(name, out var value)) return null;
        switch (value.ValueKind)
        {
            case JsonValueKind.String: return value.GetString();
            case JsonValueKind.Number: return value.GetRawText();
            case JsonValueKind.True: return "true";
            case JsonValueKind.False: return "false";
            default:
                Unreadable(name, value, "a string");
                return null;
        }
    }

    public long? Int64(string name)
    {
        if (!TryGet(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)) return number;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var fractional) && fractional == decimal.Truncate(fractional)
            && fractional is >= long.MinValue and <= long.MaxValue)
            return (long)fractional;
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!.Trim();
            if (text.Length == 0) return null;
            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)) return parsed;
            if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsedFractional)
                && parsedFractional == decimal.Truncate(parsedFractional) && parsedFractional is >= long.MinValue and <= long.MaxValue)
                return (long)parsedFractional;
        }
        Unreadable(name, value, "a whole number");
        return null;
    }

    // Counts (agents, shares, seats) below zero are nonsense, and must not net off against real ones.
    public int? Count(string name)
    {
        var count = Int32(name);
        if (count is null or >= 0) return count;
        warnings.Add(new(DattoWarningKind.UnreadableValue, subject, endpoint, $"{name}: {count} is not a count"));
        return null;
    }

    public int? Int32(string name)
    {
        var number = Int64(name);
        if (number is null or (>= int.MinValue and <= int.MaxValue)) return (int?)number;
        warnings.Add(new(DattoWarningKind.UnreadableValue, subject, endpoint, $"{name}: {number} is out of range"));
        return null;
    }

    public decimal? Decimal(string name) => TryGet(name, out var value) ? Decimal(name, value) : null;

    private decimal? Decimal(string name, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number)) return number;
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!.Trim();
            if (text.Length == 0) return null;
            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)) return parsed;
        }
        Unreadable(name, value, "a number");
        return null;
    }

    public bool? Boolean(string name)
    {
        if (!TryGet(name, out var value)) return null;
        switch (value.ValueKind)
        {
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.Number when value.TryGetInt64(out var number) && number is 0 or 1: return number == 1;
            case JsonValueKind.String:
                switch (value.GetString()!.Trim().ToLowerInvariant())
                {
                    case "1" or "true" or "yes" or "y": return true;
                    case "0" or "false" or "no" or "n": return false;
                    case "": return null;
                }
                break;
        }
        Unreadable(name, value, "a boolean");
        return null;
    }

    public DateTimeOffset? Timestamp(string name)
    {
        if (!TryGet(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var epoch) && epoch <= MaxEpochMilliseconds) return FromEpoch(epoch);
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!.Trim();
            if (text.Length == 0) return null;
            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var textEpoch) && textEpoch <= MaxEpochMilliseconds)
                return FromEpoch(textEpoch);
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
                return parsed;
        }
        Unreadable(name, value, "a date (ISO-8601 or epoch seconds)");
        return null;
    }

    // Zero is how Datto says "never" (latestOffsite, lastSnapshot on a new agent).
    private static DateTimeOffset? FromEpoch(long epoch) => epoch switch
    {
        <= 0 => null,
        >= EpochMillisecondsThreshold => DateTimeOffset.FromUnixTimeMilliseconds(epoch),
        _ => DateTimeOffset.FromUnixTimeSeconds(epoch),
    };

    // GO types region as {location, provider}; ISB saw a plain string.
    public string? Region(string name)
    {
        if (!TryGet(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Object)
            return new DattoJsonObject(value, subject, endpoint, warnings).String("location");
        return String(name);
    }

    public DattoStorage? Storage(string name)
    {
        if (!TryGet(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Object)
        {
            var pair = new DattoJsonObject(value, subject, endpoint, warnings);
            var size = pair.Decimal("size");
            var units = pair.String("units");
            if (size is null)
            {
                warnings.Add(new(DattoWarningKind.UnreadableValue, subject, endpoint, $"{name}: no readable size in {Raw(value)}"));
                return new DattoStorage(null, units, null, DattoStorageReading.Unreadable);
            }
            // Units that are there but unreadable are not "no units": taking the size as bytes would be a guess.
            if (units is null && pair.TryGet("units", out var badUnits))
            {
                warnings.Add(new(DattoWarningKind.UnknownStorageUnits, subject, endpoint,
                    $"{name}: units {Raw(badUnits)} not understood (size {size}); bytes left unknown"));
                return new DattoStorage(size, null, null, DattoStorageReading.UnknownUnits);
            }
            if (string.IsNullOrWhiteSpace(units))
            {
                warnings.Add(new(DattoWarningKind.StorageAsBareNumber, subject, endpoint,
                    $"{name}: size {size} has no units; taken as bytes"));
                return Checked(name, DattoStorage.FromBareNumber(size.Value));
            }
            var storage = DattoStorage.FromSizeAndUnits(size.Value, units);
            if (storage.Reading == DattoStorageReading.UnknownUnits)
                warnings.Add(new(DattoWarningKind.UnknownStorageUnits, subject, endpoint,
                    $"{name}: units \"{units}\" not understood (size {size}); bytes left unknown"));
            return Checked(name, storage);
        }
        if (value.ValueKind is JsonValueKind.Number or JsonValueKind.String)
        {
            var bare = Decimal(name, value);
            if (bare is null) return new DattoStorage(null, null, null, DattoStorageReading.Unreadable);
            warnings.Add(new(DattoWarningKind.StorageAsBareNumber, subject, endpoint,
                $"{name}: bare number {bare} instead of {{size, units}}; taken as bytes"));
            return Checked(name, DattoStorage.FromBareNumber(bare.Value));
        }
        Unreadable(name, value, "{size, units} or a number");
        return new DattoStorage(null, null, null, DattoStorageReading.Unreadable);
    }

    private DattoStorage Checked(string name, DattoStorage storage)
    {
        if (storage.Reading == DattoStorageReading.Unreadable)
            warnings.Add(new(DattoWarningKind.UnreadableValue, subject, endpoint,
                $"{name}: {storage} is negative or beyond what a long counts in bytes; bytes left unknown"));
        return storage;
    }

    private void Unreadable(string name, JsonElement value, string expected) =>
        warnings.Add(new(DattoWarningKind.UnreadableValue, subject, endpoint, $"{name}: {Raw(value)} is not {expected}"));

    private static string Raw(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length <= 80 ? text : text[..77] + "...";
    }
}
