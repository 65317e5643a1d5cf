using System.Text;
using System.Text.Json;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain;

namespace LedgerReconcile.Application.Tests.Contracts;

/// <summary>
/// Stored events are read back for as long as the ledger lives, so their JSON may only change on purpose: a golden
/// file per stored name holds today's form, and any difference fails here. A new shape gets a new version (and a new
/// golden file); an existing golden file is never edited.
/// </summary>
public class StoredContractTests
{
    private static readonly string GoldenDirectory = Path.Combine(AppContext.BaseDirectory, "Contracts", "Golden");

    private static readonly JsonSerializerOptions Indented = new(EventSerializer.Options) { WriteIndented = true };

    public static TheoryData<string> StoredNames() => [.. EventRegistry.StoredNames.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(StoredNames))]
    public void TheSampleOfEachStoredEventSerializesExactlyAsItsGoldenFile(string storedName)
    {
        var sample = SampleOf(storedName);
        var golden = GoldenOf(storedName);

        var stored = Encoding.UTF8.GetString(EventSerializer.Serialize(sample).Data);

        Assert.True(
            Compact(golden) == stored,
            $"The stored form of {storedName} changed. Today's form is:\n{JsonSerializer.Serialize(sample, sample.GetType(), Indented)}");
    }

    [Theory]
    [MemberData(nameof(StoredNames))]
    public void EachGoldenFileReadsBackAndWritesTheSameText(string storedName)
    {
        var golden = Compact(GoldenOf(storedName));

        var read = EventSerializer.Deserialize(storedName, Encoding.UTF8.GetBytes(golden));

        Assert.Equal(storedName, EventRegistry.StoredNameOf(read));
        Assert.Equal(golden, Encoding.UTF8.GetString(EventSerializer.Serialize(read).Data));
    }

    [Fact]
    public void EveryStoredNameHasAGoldenFileAndEveryGoldenFileAStoredName()
    {
        var goldenNames = Directory.GetFiles(GoldenDirectory, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);

        Assert.Equal(EventRegistry.StoredNames.Order(StringComparer.Ordinal), goldenNames);
    }

    [Fact]
    public void EveryRegisteredEventTypeHasExactlyOneSample() =>
        Assert.Equal(
            EventRegistry.EventTypes.Select(t => t.FullName).Order(StringComparer.Ordinal),
            StoredEventSamples.All.Select(e => e.GetType().FullName).Order(StringComparer.Ordinal));

    [Fact]
    public void NoSamplePropertyIsLeftAtItsDefault()
    {
        var unset = StoredEventSamples.All
            .SelectMany(e => DefaultPropertiesOf(JsonSerializer.SerializeToElement(e, e.GetType(), EventSerializer.Options), EventRegistry.StoredNameOf(e)))
            .ToList();

        Assert.Empty(unset);
    }

    private static object SampleOf(string storedName) =>
        StoredEventSamples.All.SingleOrDefault(e => EventRegistry.StoredNameOf(e) == storedName)
        ?? throw new InvalidOperationException($"{storedName} has no sample in {nameof(StoredEventSamples)}.");

    private static string GoldenOf(string storedName)
    {
        var path = Path.Combine(GoldenDirectory, storedName + ".json");
        Assert.True(File.Exists(path), $"{storedName} has no golden file; add Contracts/Golden/{storedName}.json.");
        return File.ReadAllText(path);
    }

    // The golden files are indented for review; the store holds the compact form, so whitespace outside strings goes.
    private static string Compact(string json)
    {
        var compact = new StringBuilder(json.Length);
        var inString = false;
        var escaped = false;
        foreach (var c in json)
        {
            if (inString)
            {
                compact.Append(c);
                if (escaped)
                {
                    escaped = false;
                }
                else if (c == '\\')
                {
                    escaped = true;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (!char.IsWhiteSpace(c))
            {
                compact.Append(c);
                inString = c == '"';
            }
        }

        return compact.ToString();
    }

    private static IEnumerable<string> DefaultPropertiesOf(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => DefaultPropertiesOf(p.Value, $"{path}.{p.Name}")),
        JsonValueKind.Array when element.GetArrayLength() == 0 => [path],
        JsonValueKind.Array => element.EnumerateArray().SelectMany((item, i) => DefaultPropertiesOf(item, $"{path}[{i}]")),
        JsonValueKind.Null or JsonValueKind.False => [path],
        JsonValueKind.Number when element.GetDecimal() == 0m => [path],
        JsonValueKind.String when element.GetString() is "" or "00:00:00" || element.GetString() == Guid.Empty.ToString() => [path],
        _ => [],
    };
}
