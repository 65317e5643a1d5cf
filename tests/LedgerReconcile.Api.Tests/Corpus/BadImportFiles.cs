using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LedgerReconcile.Api.Endpoints;
using LedgerReconcile.Api.Tests.Infrastructure;

namespace LedgerReconcile.Api.Tests.Corpus;

// The bad-input corpus for `ledger import FILE`, by category. Null content means "no file": the name says what is there.
public static class BadImportFiles
{
    private static readonly string Deep = new string('[', 10_000) + new string(']', 10_000);

    public static IReadOnlyDictionary<string, byte[]?> All { get; } = new Dictionary<string, byte[]?>
    {
        ["missing file"] = null,
        ["a directory"] = null,
        ["empty file"] = [],
        ["whitespace only"] = Utf8("  \n\t "),
        ["truncated object"] = Utf8("{\"snapshotId\":\"s1\","),
        ["truncated array"] = Utf8("[{\"snapshotId\":\"s1\""),
        ["truncated mid-string"] = Utf8("{\"snapshotId\":\"s"),
        ["JSON null"] = Utf8("null"),
        ["root string"] = Utf8("\"snapshot\""),
        ["root true"] = Utf8("true"),
        ["NaN literal"] = Utf8("NaN"),
        ["10k-deep arrays"] = Utf8(Deep),
        ["10k-deep objects"] = Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000)),
        ["NUL bytes"] = [0, 0, 0, 0],
        ["NUL inside a string"] = Utf8("{\"snapshotId\":\"s\u00001\"}"),
        ["BOM and garbage"] = [0xEF, 0xBB, 0xBF, .. Utf8("garbage")],
        ["not UTF-8"] = [0xFF, 0xFE, 0x00, 0x7B],
        ["raw control character"] = Utf8("{\"snapshotId\":\"s\u00011\"}"),
        ["HTML"] = Utf8("<html><body>not a snapshot</body></html>"),
        ["100k duplicate keys"] = Utf8("{" + string.Concat(Enumerable.Repeat("\"organizationName\":\"x\",", 100_000)) + "\"snapshotId\":\"\"}"),
        ["snapshotId a number"] = Field("snapshotId", "42"),
        ["snapshotId empty"] = Field("snapshotId", "\"\""),
        ["observedAt not a date"] = Field("observedAt", "\"2026-13-45\""),
        ["observedAt a number"] = Field("observedAt", "1e400"),
        ["organizationId a word"] = Field("organizationId", "\"abc\""),
        ["organizationId 1e400"] = Field("organizationId", "1e400"),
        ["organizationId beyond long"] = Field("organizationId", "99999999999999999999999"),
        ["devices an object"] = Field("devices", "{\"a\":1}"),
        ["devices a string"] = Field("devices", "\"none\""),
        ["assets a number"] = Field("assets", "7"),
        ["storage size NaN"] = Storage("\"NaN\""),
        ["storage size 1e400"] = Storage("1e400"),
        ["storage size beyond decimal"] = Storage("79228162514264337593543950336"),
        ["storage size an object"] = Storage("{}"),
        ["serial number an array"] = Device("serialNumber", "[]"),
        ["storage size negative"] = Storage("-1.8"),
        ["organizationId negative"] = Field("organizationId", "-5"),
        ["observedAt year 10000"] = Field("observedAt", "\"10000-01-01T00:00:00Z\""),
        ["devices null"] = Field("devices", "null"),
        ["serial number empty"] = Device("serialNumber", "\"\""),
    };

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var name in All.Keys) names.Add(name);
        return names;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static JsonObject Example() => JsonNode.Parse(JsonSerializer.Serialize(SnapshotDocument.Example, LedgerHost.Json))!.AsObject();

    private static byte[] Field(string name, string rawValue)
    {
        var document = Example();
        document[name] = JsonNode.Parse("0");
        return Utf8(document.ToJsonString().Replace($"\"{name}\":0", $"\"{name}\":{rawValue}", StringComparison.Ordinal));
    }

    private static byte[] Device(string name, string rawValue)
    {
        var document = Example();
        document["devices"]![0]![name] = JsonNode.Parse("0");
        return Utf8(document.ToJsonString().Replace($"\"{name}\":0", $"\"{name}\":{rawValue}", StringComparison.Ordinal));
    }

    private static byte[] Storage(string rawSize)
    {
        var document = Example();
        document["devices"]![0]!["offsiteStorageUsed"]!["size"] = JsonNode.Parse("0");
        return Utf8(document.ToJsonString().Replace("\"size\":0", $"\"size\":{rawSize}", StringComparison.Ordinal));
    }
}
