using System.Text;

namespace LedgerReconcile.EventStore.Tests.Conformance;

// Stored rows changed by hand, by category. Every value replaces one column of one event written by the store.
public static class CorruptedRowCorpus
{
    private static readonly string Deep = new string('[', 10_000) + new string(']', 10_000);

    public static IReadOnlyDictionary<string, (string Column, object Value)> All { get; } = new Dictionary<string, (string, object)>
    {
        ["data: truncated JSON"] = ("data", Utf8("{\"tenant\":\"msp-1\",\"qu")),
        ["data: empty"] = ("data", Array.Empty<byte>()),
        ["data: NUL bytes"] = ("data", new byte[] { 0, 0, 0 }),
        ["data: not UTF-8"] = ("data", new byte[] { 0xFF, 0xFE, 0xC3 }),
        ["data: 10k-deep nesting"] = ("data", Utf8(Deep)),
        ["data: JSON null"] = ("data", Utf8("null")),
        ["data: NaN"] = ("data", Utf8("{\"quantity\":NaN}")),
        ["metadata: truncated JSON"] = ("metadata", Utf8("{\"tenant\":\"msp")),
        ["metadata: empty"] = ("metadata", Array.Empty<byte>()),
        ["metadata: not UTF-8"] = ("metadata", new byte[] { 0xFF, 0xFE, 0xC3 }),
        ["metadata: number for tenant"] = ("metadata", Utf8("{\"tenant\":42}")),
        ["metadata: object for actor"] = ("metadata", Utf8("{\"tenant\":\"msp-1\",\"actor\":{}}")),
        ["metadata: array root"] = ("metadata", Utf8("[]")),
        ["metadata: 10k-deep nesting"] = ("metadata", Utf8(Deep)),
        ["metadata: control characters"] = ("metadata", Utf8("{\"tenant\":\"msp\u0001\"}")),
        ["metadata: look-alike tenant"] = ("metadata", Utf8("{\"tenant\":\"msp-\u0661\",\"actor\":\"alice@example.com\",\"$correlationId\":\"corr-1\"}")),
        ["type: unknown"] = ("type", "nothing.known.v9"),
        ["type: empty"] = ("type", ""),
        ["type: control character"] = ("type", "test.happened.v1\u0001"),
        ["type: look-alike"] = ("type", "test.h\u0430ppened.v1"),
        ["occurred_at: long.MaxValue"] = ("occurred_at", long.MaxValue),
        ["occurred_at: long.MinValue"] = ("occurred_at", long.MinValue),
        ["occurred_at: past year 9999"] = ("occurred_at", 253_402_300_800_000_000L),
        ["occurred_at: before year 1"] = ("occurred_at", -62_135_596_800_000_001L),
        ["occurred_at: overflows ticks"] = ("occurred_at", 922_337_203_685_477_581L),
    };

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var name in All.Keys) names.Add(name);
        return names;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
