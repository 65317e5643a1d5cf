using LedgerReconcile.Datto.Usage;

namespace LedgerReconcile.Datto.Tests.Corpus;

public enum DattoSection { Devices, Assets, DtcAssets, EndpointAgents, SaasDomains, Seats }

// What a case may end in. Unknown: the section could not be read (the device list throws its typed exception,
// every other section is null with a warning). FieldUnknown: the item is read, the named field is null and warned.
// Read: the body is odd but legal and its ids survive verbatim.
public enum DattoExpectation { Unknown, FieldUnknown, Read }

public sealed record DattoHostileBody(
    string Name,
    DattoSection Section,
    string Body,
    DattoExpectation Expect,
    Func<DattoPartnerUsage, object?>? Field = null,
    string[]? Ids = null)
{
    public override string ToString() => Name;
}

// The bad-input corpus for Datto answers, by category. Every body is served by the simulator's Respond fault.
public static class DattoHostileBodies
{
    private static readonly string Deep = new string('[', 10_000) + new string(']', 10_000);

    private static readonly (string Name, string Body)[] Structural =
    [
        ("truncated envelope", """{"pagination":{"page":1,"perPage":100,"totalPages":1,"count":1},"items":[{"serialNumber":"S1" """),
        ("truncated array", "[{\"a\":1},{\"b\""),
        ("truncated mid-string", "{\"items\":[{\"name\":\"abc"),
        ("10k-deep arrays", Deep),
        ("10k-deep items", "{\"items\":" + Deep + "}"),
        ("10k-deep objects", string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000)),
        ("NaN literal root", "NaN"),
        ("Infinity literal in items", "{\"items\":Infinity}"),
        ("root string", "\"ok\""),
        ("root number", "42"),
        ("root true", "true"),
        ("object for items", "{\"items\":{\"a\":1}}"),
        ("string for items", "{\"items\":\"none\"}"),
        ("number for items", "{\"items\":7}"),
        ("null for items", "{\"items\":null}"),
        ("null root", "null"),
        ("raw control character", "[{\"name\":\"a\u0001b\"}]"),
        ("raw NUL", "[{\"name\":\"a\u0000b\"}]"),
        ("BOM and garbage", "\uFEFFgarbage"),
        ("HTML error page", "<html><body>502 Bad Gateway</body></html>"),
        ("trailing comma", "[{\"a\":1},]"),
        ("single quotes", "[{'a':1}]"),
        ("two roots", "[] []"),
        ("index key out of range", "{\"99999999999999999999\":{\"a\":1}}"),
        ("negative index key", "{\"-1\":{\"a\":1}}"),
    ];

    private static readonly string[] HostileNumbers =
    [
        "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "1e400", "-1e400", "-5", "99999999999999999999999999999",
        "\"12abc\"", "{}", "[]", "true", "1.5", "\"\\u0000\"", "\"１２\"",
    ];

    private static readonly string[] HostileTimestamps =
    [
        "\"NaN\"", "1e400", "9223372036854775807", "\"9223372036854775807\"", "253402300800000", "{}", "[]",
        "\"2024-13-45\"", "true", "1.5",
    ];

    private static readonly string[] HostileStorage =
    [
        "{\"size\":\"NaN\",\"units\":\"GB\"}", "{\"size\":\"Infinity\",\"units\":\"GB\"}", "{\"size\":1e400,\"units\":\"GB\"}",
        "{\"size\":-10,\"units\":\"GB\"}", "{\"size\":79228162514264337593543950335,\"units\":\"TB\"}",
        "{\"size\":9223372036854775807,\"units\":\"PB\"}", "{\"size\":10,\"units\":\"ＧＢ\"}", "{\"size\":10,\"units\":\"G\u0412\"}",
        "{\"size\":10,\"units\":{}}", "{\"size\":{},\"units\":\"GB\"}", "{\"units\":\"GB\"}", "-1", "\"-1\"", "1e400", "[]", "true",
        "99999999999999999999999999999",
    ];

    public static IReadOnlyList<DattoHostileBody> All { get; } = Build();

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var body in All) names.Add(body.Name);
        return names;
    }

    public static DattoHostileBody Named(string name) => All.Single(b => b.Name == name);

    private static List<DattoHostileBody> Build()
    {
        var all = new List<DattoHostileBody>();
        foreach (var section in Enum.GetValues<DattoSection>())
        foreach (var (name, body) in Structural)
            all.Add(new($"{section}: {name}", section, body, DattoExpectation.Unknown));
        foreach (var section in new[] { DattoSection.Devices, DattoSection.Assets, DattoSection.DtcAssets, DattoSection.SaasDomains })
            all.Add(new($"{section}: endless pages", section,
                """{"pagination":{"page":1,"perPage":1,"totalPages":2147483647,"count":2147483647},"items":[{"serialNumber":"S1","assetUuid":"u","saasCustomerId":1,"type":"agent"}]}""",
                DattoExpectation.Unknown));

        Fields(all, DattoSection.Devices, "agentCount", HostileNumbers, u => u.Devices.Single().AgentCount);
        Fields(all, DattoSection.Devices, "shareCount", HostileNumbers, u => u.Devices.Single().ShareCount);
        Fields(all, DattoSection.Devices, "organizationId", HostileNumbers.Where(n => n != "-5"), u => u.Devices.Single().OrganizationId);
        Fields(all, DattoSection.Devices, "offsiteStorageUsed", HostileStorage, u => u.Devices.Single().OffsiteBytes);
        Fields(all, DattoSection.Devices, "lastSeenDate", HostileTimestamps, u => u.Devices.Single().LastSeen);
        Fields(all, DattoSection.DtcAssets, "lastBackup", HostileTimestamps, u => u.DtcAssets!.Single().LastBackup);
        Fields(all, DattoSection.SaasDomains, "seatsUsed", HostileNumbers, u => u.SaasDomains!.Single().SeatsUsed);

        Ids(all, "control characters", "S\\u0000X", "S\\u202EX", "S\\tX");
        Ids(all, "path characters", "S/../X", "S%2FX", "S?X");
        Ids(all, "look-alike Latin and Cyrillic", "ABC123", "\u0410BC123");
        Ids(all, "look-alike fullwidth", "ABC123", "\uFF21BC123");
        Ids(all, "look-alike zero and letter O", "AB0123", "ABO123");
        Ids(all, "combining vs precomposed", "E\u0301X", "\u00C9X");
        Ids(all, "zero-width joiner", "ABC", "A\u200DBC");
        all.Add(new("Devices: 100k duplicate keys", DattoSection.Devices,
            "[{" + string.Concat(Enumerable.Repeat("\"name\":\"n\",", 100_000)) + "\"serialNumber\":\"S1\"}]", DattoExpectation.Read, Ids: ["S1"]));
        all.Add(new("Devices: duplicate serialNumber key", DattoSection.Devices,
            "[{\"serialNumber\":\"S1\",\"serialNumber\":\"S2\"}]", DattoExpectation.Read));
        all.Add(new("Devices: missing serialNumber", DattoSection.Devices,
            "[{\"name\":\"no serial\"},{\"serialNumber\":\"S1\"}]", DattoExpectation.Read, Ids: ["S1"]));
        all.Add(new("Devices: null and number items", DattoSection.Devices, "[null,7,\"x\",{\"serialNumber\":\"S1\"}]", DattoExpectation.Read, Ids: ["S1"]));
        all.Add(new("SaasDomains: missing saasCustomerId", DattoSection.SaasDomains, "[{\"domain\":\"a.example\",\"seatsUsed\":4}]", DattoExpectation.Read));
        return all;
    }

    private static void Fields(List<DattoHostileBody> all, DattoSection section, string field, IEnumerable<string> values,
        Func<DattoPartnerUsage, object?> read)
    {
        foreach (var value in values)
            all.Add(new($"{section}: {field} = {value}", section, $"[{{{Key(section)},\"{field}\":{value}}}]", DattoExpectation.FieldUnknown, read));
    }

    private static void Ids(List<DattoHostileBody> all, string name, params string[] serials) =>
        all.Add(new($"Devices: {name} in serial numbers", DattoSection.Devices,
            "[" + string.Join(",", serials.Select(s => $"{{\"serialNumber\":\"{s}\",\"name\":\"{s}\"}}")) + "]",
            DattoExpectation.Read, Ids: serials.Select(System.Text.RegularExpressions.Regex.Unescape).ToArray()));

    private static string Key(DattoSection section) => section switch
    {
        DattoSection.Devices => "\"serialNumber\":\"S1\"",
        DattoSection.DtcAssets => "\"assetUuid\":\"u1\"",
        DattoSection.SaasDomains => "\"saasCustomerId\":1",
        _ => "\"name\":\"x\"",
    };
}
