using System.Text;
using System.Text.Json;

namespace LedgerReconcile.Api.Tests.Corpus;

/// <summary>
/// Requests as bytes on a real Kestrel socket (ADR 0016). What is merely too large, and empty or non-ASCII values of the
/// headers the ledger reads, reach the app and get a problem; what is not HTTP Kestrel will parse (a NUL in the path or a
/// header, a non-ASCII byte in another header, far-oversized lines, an unknown HTTP version, no Host) is refused by
/// Kestrel before any of the app runs: a bare status, no body, the connection closed. Either way nothing is appended.
/// SQLite only: this is about the server, not the store.
/// </summary>
public sealed class KestrelRefusalTests(KestrelLedger server) : IClassFixture<KestrelLedger>
{
    private const string Valid = """{"assetKind":"Volume","assetId":"vol-dc01","reason":"free"}""";

    /// <summary>What Kestrel refuses itself, and the bare status it answers.</summary>
    public static TheoryData<string, int> KestrelRefusals => new()
    {
        { "percent-encoded NUL in the path", 400 },
        { "raw NUL in the path", 400 },
        { "NUL in a header", 400 },
        { "NUL in the Idempotency-Key", 400 },
        { "non-ASCII byte in another header", 400 },
        { "URL over 64 KB", 414 },
        { "headers over 64 KB", 431 },
        { "250 headers", 431 },
        { "HTTP/9.9", 505 },
        { "no Host header", 400 },
    };

    /// <summary>What reaches the app over Kestrel and is refused with a problem, with the field it names, if any.</summary>
    public static TheoryData<string, int, string> AppRefusals => new()
    {
        { "URL of 9 KB", 414, "" },
        { "headers of 40 KB", 431, "" },
        { "150 headers", 431, "" },
        { "empty If-Match", 400, "If-Match" },
        { "empty Idempotency-Key", 400, "Idempotency-Key" },
        { "non-ASCII Idempotency-Key", 400, "Idempotency-Key" },
        { "control character in the Idempotency-Key", 400, "Idempotency-Key" },
    };

    [Theory]
    [MemberData(nameof(KestrelRefusals))]
    public async Task KestrelRefusesWithABareStatusClosesTheConnectionAndNothingIsAppended(string name, int status)
    {
        var head = await server.Store.ReadHeadPositionAsync();

        var response = await server.SendAsync(Request(name), Encoding.UTF8.GetBytes(Valid));

        Assert.True(response.Status == status, $"{name}: {response}");
        Assert.True(response.Closed, $"{name}: Kestrel closes the connection after refusing: {response}");
        Assert.Equal("0", response.Headers.GetValueOrDefault("content-length"));
        Assert.Equal("", response.Body);
        Assert.Equal(head, await server.Store.ReadHeadPositionAsync());
    }

    [Theory]
    [MemberData(nameof(AppRefusals))]
    public async Task TheAppRefusesWithAProblemAndNothingIsAppended(string name, int status, string field)
    {
        var head = await server.Store.ReadHeadPositionAsync();

        var response = await server.SendAsync(Request(name), Encoding.UTF8.GetBytes(Valid));

        Assert.True(response.Status == status, $"{name}: {response}");
        Assert.Equal("application/problem+json", response.ContentType?.Split(';')[0]);
        var problem = JsonDocument.Parse(Dechunk(response.Body)).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        if (field.Length > 0)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{name}: {response}");
        }

        Assert.False(response.Closed, $"{name}: the app's refusal keeps the connection: {response}");
        Assert.Equal(head, await server.Store.ReadHeadPositionAsync());
    }

    /// <summary>The same request, well-formed, is carried out: the refusals above are about what was wrong, not the request.</summary>
    [Fact]
    public async Task TheSameRequestWellFormedAppends()
    {
        var head = await server.Store.ReadHeadPositionAsync();

        var body = Valid.Replace("vol-dc01", "vol-share-scans", StringComparison.Ordinal);
        var response = await server.SendAsync(Write(body: body), Encoding.UTF8.GetBytes(body));

        Assert.True(response.Status == 200, response.ToString());
        Assert.True(await server.Store.ReadHeadPositionAsync() > head);
    }

    private byte[] Request(string name) => name switch
    {
        "percent-encoded NUL in the path" => Write(path: $"/api/customers/{KestrelLedger.Customer}%00/ignores"),
        "raw NUL in the path" => Write(path: $"/api/customers/{KestrelLedger.Customer}\0/ignores"),
        "NUL in a header" => Write(headers: "X-Note: a\0b\n"),
        "NUL in the Idempotency-Key" => Write(headers: "Idempotency-Key: retry\0one\n"),
        "non-ASCII byte in another header" => Write(headers: "X-Note: caf\u00e9\n"),
        "URL over 64 KB" => Write(path: $"/api/customers/{KestrelLedger.Customer}/ignores?pad={new string('a', 70_000)}"),
        "headers over 64 KB" => Write(headers: $"X-Note: {new string('a', 70_000)}\n"),
        "250 headers" => Write(headers: ManyHeaders(250)),
        "HTTP/9.9" => Write(version: "HTTP/9.9"),
        "no Host header" => Write(host: false),
        "URL of 9 KB" => Write(path: $"/api/customers/{KestrelLedger.Customer}/ignores?pad={new string('a', 9_000)}"),
        "headers of 40 KB" => Write(headers: $"X-Note: {new string('a', 40_000)}\n"),
        "150 headers" => Write(headers: ManyHeaders(150)),
        "empty If-Match" => Write(headers: "If-Match: \n"),
        "empty Idempotency-Key" => Write(headers: "Idempotency-Key: \n"),
        "non-ASCII Idempotency-Key" => Write(headers: "Idempotency-Key: cl\u00e9\n"),
        "control character in the Idempotency-Key" => Write(headers: "Idempotency-Key: retry\u0001one\n"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private byte[] Write(string? path = null, string headers = "", string version = "HTTP/1.1", bool host = true, string body = Valid) => KestrelLedger.Head(
        $"POST {path ?? $"/api/customers/{KestrelLedger.Customer}/ignores"} {version}\n" +
        (host ? "Host: 127.0.0.1\n" : "") +
        ($"X-Api-Key: {server.FinanceKey}\nContent-Type: application/json\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\n" + headers).TrimEnd('\n'));

    private static string ManyHeaders(int count) => string.Join("", Enumerable.Range(0, count).Select(i => $"X-Note-{i}: v\n"));

    /// <summary>The body of a chunked response without its chunk sizes.</summary>
    private static string Dechunk(string body)
    {
        var text = new StringBuilder();
        var rest = body;
        while (rest.IndexOf("\r\n", StringComparison.Ordinal) is var end and > 0 && Convert.ToInt32(rest[..end], 16) is var size and > 0)
        {
            text.Append(rest.AsSpan(end + 2, size));
            rest = rest[(end + 2 + size + 2)..];
        }

        return text.Length > 0 ? text.ToString() : body;
    }
}
