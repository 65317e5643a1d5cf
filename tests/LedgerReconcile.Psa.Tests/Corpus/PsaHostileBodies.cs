using LedgerReconcile.Domain.Billing;
namespace LedgerReconcile.Psa.Tests.Corpus;

public enum PsaBoundary { ReadLine, WriteAnswer }

// {LINE} is replaced by the id of the line under test. The only readable quantity any body holds is 5, so a line
// that comes back writable with another quantity was read from a field that was missing or unreadable.
public sealed record PsaHostileBody(string Name, PsaKind Psa, PsaBoundary Boundary, string Body, int Status = 200)
{
    public override string ToString() => Name;
}

// The bad-input corpus for PSA answers, by category: one line read and one write answer per adapter.
public static class PsaHostileBodies
{
    private static readonly string Deep = new string('[', 10_000) + new string(']', 10_000);

    internal static readonly (string Name, string Body)[] Structural =
    [
        ("empty body", ""),
        ("null", "null"),
        ("empty object", "{}"),
        ("empty array", "[]"),
        ("truncated object", "{\"id\":{LINE},\"quantity\":5"),
        ("truncated string", "{\"name\":\"abc"),
        ("10k-deep arrays", Deep),
        ("10k-deep objects", string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000)),
        ("NaN literal", "NaN"),
        ("root string", "\"ok\""),
        ("root number", "42"),
        ("root true", "true"),
        ("raw control character", "{\"name\":\"a\u0001b\"}"),
        ("BOM and garbage", "\uFEFFgarbage"),
        ("HTML error page", "<html><body>502 Bad Gateway</body></html>"),
        ("two roots", "{} {}"),
        ("100k duplicate keys", "{" + string.Concat(Enumerable.Repeat("\"name\":\"n\",", 100_000)) + "\"id\":\"x\"}"),
    ];

    private static readonly string[] HostileQuantities =
    [
        "", "null", "\"NaN\"", "\"Infinity\"", "1e400", "-1e400", "1e300", "79228162514264337593543950336", "\"abc\"", "{}", "[]",
        "true", "\"１２\"", "\"\\u0000\"",
    ];

    public static IReadOnlyList<PsaHostileBody> All { get; } = Build();

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var body in All) names.Add(body.Name);
        return names;
    }

    public static PsaHostileBody Named(string name) => All.Single(b => b.Name == name);

    private static List<PsaHostileBody> Build()
    {
        var all = new List<PsaHostileBody>();
        foreach (var psa in new[] { PsaKind.ConnectWise, PsaKind.Autotask, PsaKind.HaloPsa, PsaKind.Syncro })
        {
            foreach (var (name, body) in Structural)
            {
                all.Add(new($"{psa} read: {name}", psa, PsaBoundary.ReadLine, body));
                all.Add(new($"{psa} write answer: {name}", psa, PsaBoundary.WriteAnswer, body));
            }
            foreach (var status in new[] { 400, 409, 422, 500 })
                all.Add(new($"{psa} write answer: {status} with garbage", psa, PsaBoundary.WriteAnswer, "<html>oops</html>", status));
            foreach (var quantity in HostileQuantities)
            {
                var name = quantity.Length == 0 ? "missing" : $"= {quantity}";
                if (quantity != "null" || psa != PsaKind.ConnectWise)
                    all.Add(new($"{psa} read: quantity {name}", psa, PsaBoundary.ReadLine, LineBody(psa, quantity)));
                all.Add(new($"{psa} write answer: quantity {name}", psa, PsaBoundary.WriteAnswer, LineBody(psa, quantity)));
            }
            all.Add(new($"{psa} read: duplicate quantity keys", psa, PsaBoundary.ReadLine, LineBody(psa, "5", duplicate: "\"x\"")));
            all.Add(new($"{psa} read: look-alike line id", psa, PsaBoundary.ReadLine, LineBody(psa, "5").Replace("{LINE}", "\"{LINE}\u0661\"")));
        }
        return all;
    }

    // One line as each PSA shapes it, with the quantity field set to a raw JSON value ("" leaves the field out).
    private static string LineBody(PsaKind psa, string quantity, string? duplicate = null)
    {
        var name = psa switch
        {
            PsaKind.Autotask => "units",
            PsaKind.HaloPsa => "qty_order",
            _ => "quantity",
        };
        var field = (quantity.Length == 0 ? "" : $",\"{name}\":{quantity}") + (duplicate is null ? "" : $",\"{name}\":{duplicate}");
        return psa switch
        {
            PsaKind.ConnectWise => $"{{\"id\":{{LINE}},\"product\":{{\"identifier\":\"P\"}}{field}}}",
            PsaKind.Autotask =>
                $"{{\"items\":[{{\"id\":{{LINE}},\"startDate\":\"2026-01-01T00:00:00Z\",\"endDate\":\"2026-12-31T00:00:00Z\"{field}}}],\"pageDetails\":{{}}}}",
            PsaKind.HaloPsa => $"{{\"id\":1,\"lines\":[{{\"id\":{{LINE}}{field}}}]}}",
            _ => $"{{\"schedule\":{{\"id\":1,\"lines\":[{{\"id\":{{LINE}}{field}}}]}}}}",
        };
    }
}
