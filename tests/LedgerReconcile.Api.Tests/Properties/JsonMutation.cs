using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LedgerReconcile.Api.Tests.Properties;

public enum MutationKind
{
    Drop,
    SetNull,
    ChangeType,
    InsertHostileText,
    ExtremeNumber,
    ExtremeTime,
    LongText,
    DuplicateElement,
}

/// <summary>
/// One change to a valid JSON body, at a path of that body (<c>""</c> is the whole body). Kept as data so a failing
/// case shrinks to, and prints as, a short list of readable edits.
/// </summary>
public sealed record JsonMutation(string Path, MutationKind Kind, int Variant)
{
    /// <summary>Stands for a lone UTF-16 surrogate, which no JSON writer emits; swapped for <c>\uD800</c> in the text sent.</summary>
    public const string LoneSurrogate = "\uE000lone-surrogate\uE000";

    private static readonly JsonNode?[] OtherTypes = ["x", 42, true, false, new JsonArray(), new JsonObject()];

    private static readonly string[] HostileTexts =
    [
        "\u0000", "\u0001", "\u001B[31m", "\u007F", "\u0085", "\u202E", "\u2066", "\u200B", "\uFEFF", LoneSurrogate,
        "../", "//", "' OR 1=1 --", "\u0430", " ", "\r\n", "%00", "<script>", "é", "\t",
    ];

    private static readonly string[] ExtremeNumbers =
    [
        "0", "-1", "79228162514264337593543950335", "-79228162514264337593543950335", "79228162514264337593543950336", "1e308", "-1e308",
        "1e-30", "0.0000001", "0.1234567", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "2147483648",
        "1.5", "1E+2", "-0", "0.00000000000000000000000000001", "1000000000", "1000000000.000001",
    ];

    private static readonly string[] ExtremeTimes =
    [
        "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2026-11-01T06:00:00", "9999-12-31", "0001-01-01", "1999-12-31T23:59:59Z",
        "2026-02-30", "+275760-09-13T00:00:00Z", "2026-11-01T06:00:00+14:00", "2026-11-01", "2026-11-01T06:00:00.1234567890Z",
        "1999-12-31", "2126-01-01", "2126-01-01T00:00:00Z", "", "now",
    ];

    private static readonly int[] LongLengths = [101, 201, 301, 501, 2_001, 70_000];

    public static IReadOnlyList<MutationKind> KindsFor(JsonNode? node) => node switch
    {
        JsonArray => [MutationKind.Drop, MutationKind.SetNull, MutationKind.ChangeType, MutationKind.DuplicateElement],
        JsonObject => [MutationKind.Drop, MutationKind.SetNull, MutationKind.ChangeType],
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String =>
            [MutationKind.Drop, MutationKind.SetNull, MutationKind.ChangeType, MutationKind.InsertHostileText, MutationKind.ExtremeNumber,
             MutationKind.ExtremeTime, MutationKind.LongText],
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.Number =>
            [MutationKind.Drop, MutationKind.SetNull, MutationKind.ChangeType, MutationKind.ExtremeNumber, MutationKind.InsertHostileText],
        _ => [MutationKind.Drop, MutationKind.SetNull, MutationKind.ChangeType, MutationKind.ExtremeNumber],
    };

    /// <summary>Applies the change to <paramref name="body"/> (null: no body); a path an earlier change removed is left alone.</summary>
    public JsonNode? ApplyTo(JsonNode? body)
    {
        if (Path.Length == 0)
        {
            return Kind == MutationKind.Drop ? null : Replace(body);
        }

        var (parent, step) = Locate(body, Path);
        switch (parent)
        {
            case JsonObject obj when step is string name && obj.ContainsKey(name):
                if (Kind == MutationKind.Drop)
                {
                    obj.Remove(name);
                }
                else
                {
                    obj[name] = Replace(obj[name]);
                }

                break;
            case JsonArray array when step is int index && index < array.Count:
                if (Kind == MutationKind.Drop)
                {
                    array.RemoveAt(index);
                }
                else
                {
                    array[index] = Replace(array[index]);
                }

                break;
        }

        return body;
    }

    public override string ToString() => Kind switch
    {
        MutationKind.Drop => $"drop {Shown}",
        MutationKind.SetNull => $"{Shown} = null",
        MutationKind.ChangeType => $"{Shown} = {Json(OtherTypes[Variant % OtherTypes.Length]?.DeepClone())}",
        MutationKind.InsertHostileText => $"insert {Escaped(HostileTexts[Variant % HostileTexts.Length])} into {Shown} at {Variant / HostileTexts.Length}",
        MutationKind.ExtremeNumber => $"{Shown} = {ExtremeNumbers[Variant % ExtremeNumbers.Length]}",
        MutationKind.ExtremeTime => $"{Shown} = \"{ExtremeTimes[Variant % ExtremeTimes.Length]}\"",
        MutationKind.LongText => $"{Shown} = {LongLengths[Variant % LongLengths.Length]} characters",
        _ => $"duplicate an element of {Shown}",
    };

    private string Shown => Path.Length == 0 ? "the body" : Path;

    private JsonNode? Replace(JsonNode? node) => Kind switch
    {
        MutationKind.SetNull => null,
        MutationKind.ChangeType => OtherTypes[Variant % OtherTypes.Length]?.DeepClone(),
        MutationKind.InsertHostileText => Inserted(node is JsonValue v && v.TryGetValue<string>(out var text) ? text : Json(node)),
        MutationKind.ExtremeNumber => JsonNode.Parse(ExtremeNumbers[Variant % ExtremeNumbers.Length]),
        MutationKind.ExtremeTime => JsonValue.Create(ExtremeTimes[Variant % ExtremeTimes.Length] == "now"
            ? DateTimeOffset.UtcNow.AddYears(5).ToString("O", CultureInfo.InvariantCulture)
            : ExtremeTimes[Variant % ExtremeTimes.Length]),
        MutationKind.LongText => JsonValue.Create("a" + new string('x', LongLengths[Variant % LongLengths.Length] - 1)),
        MutationKind.DuplicateElement when node is JsonArray { Count: > 0 } array => Duplicated(array),
        _ => node,
    };

    private JsonValue Inserted(string text)
    {
        var hostile = HostileTexts[Variant % HostileTexts.Length];
        var at = Math.Min(Variant / HostileTexts.Length, text.Length);
        return JsonValue.Create(text.Insert(at, hostile));
    }

    private JsonArray Duplicated(JsonArray array)
    {
        var copy = (JsonArray)array.DeepClone();
        copy.Add(array[Variant % array.Count]?.DeepClone());
        return copy;
    }

    private static (JsonNode? Parent, object Step) Locate(JsonNode? body, string path)
    {
        var steps = Steps(path);
        var node = body;
        for (var i = 0; i < steps.Count - 1 && node is not null; i++)
        {
            node = steps[i] switch
            {
                string name when node is JsonObject obj => obj[name],
                int index when node is JsonArray array && index < array.Count => array[index],
                _ => null,
            };
        }

        return (node, steps[^1]);
    }

    /// <summary>The steps of a path: property names and array indexes.</summary>
    public static List<object> Steps(string path) =>
        Regex.Matches(path, @"([^.\[\]]+)|\[(\d+)\]")
            .Select(m => m.Groups[2].Success ? (object)int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : m.Groups[1].Value)
            .ToList();

    private static string Json(JsonNode? node) => node?.ToJsonString() ?? "null";

    private static string Escaped(string text) =>
        text == LoneSurrogate ? "\\uD800" : string.Concat(text.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:X4}" : c.ToString()));
}
