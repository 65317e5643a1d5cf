namespace LedgerReconcile.Api.Tests.Corpus;

public static partial class HttpHostileRequests
{
    // An empty If-Match or Idempotency-Key is not sent by HttpClient at all; KestrelRefusalTests sends those raw.

    /// <summary>If-Match values that name no revision of the customer (the corpus customer is past revision 0).</summary>
    private static readonly (string Name, string Value, int Status)[] HostileIfMatch =
    [
        ("not a number", "\"abc\"", 400),
        ("unquoted text", "abc", 400),
        ("negative", "\"-1\"", 400),
        ("plus sign", "\"+5\"", 400),
        ("hexadecimal", "\"0x10\"", 400),
        ("decimal", "\"1.5\"", 400),
        ("beyond long", "\"99999999999999999999\"", 400),
        ("10 KB of digits", "\"" + new string('9', 10_000) + "\"", 400),
        ("fullwidth digit", "\"\uFF11\"", 400),
        ("only quotes", "\"\"", 400),
        ("list of two", "\"1\", \"2\"", 400),
        ("weak text tag", "W/\"abc\"", 400),
        ("stale", "\"0\"", 412),
        ("ahead of the stream", "\"1000000\"", 412),
    ];

    private static readonly (string Name, string Value)[] HostileIdempotencyKeys =
    [
        ("201 characters", new string('k', 201)),
        ("10 KB", new string('k', 10_000)),
        ("control character", "retry\u0001one"),
        ("NUL", "retry\u0000one"),
        ("escape sequence", "retry\u001b[31mone"),
        ("only spaces", "   "),
        ("bidi override", "retry\u202Eeno"),
        ("non-ASCII", "ключ-1"),
    ];

    private static readonly (string Name, string? Value, int Status)[] HostileContentTypes =
    [
        ("missing", null, 415),
        ("text/plain", "text/plain", 415),
        ("application/xml", "application/xml", 415),
        ("form", "application/x-www-form-urlencoded", 415),
        ("multipart", "multipart/form-data; boundary=x", 415),
        ("wildcard", "*/*", 415),
        ("not a media type", "json", 415),
        ("application/jsonx", "application/jsonx", 415),
        ("charset utf-16 on UTF-8 bytes", "application/json; charset=utf-16", 415),
        ("unknown charset", "application/json; charset=klingon", 415),
    ];

    private static IEnumerable<HostileRequest> HeaderCases()
    {
        foreach (var endpoint in new[] { "IgnoreAsset", "MapService" })
        {
            foreach (var (name, value, status) in HostileIfMatch)
            {
                yield return From("header", endpoint, $"If-Match {name}") with
                {
                    Headers = [Header("If-Match", value)], Status = status, Field = status == 400 ? "If-Match" : null,
                };
            }
        }

        foreach (var endpoint in new[] { "SetCustomerPolicy", "CloseBillingPeriod", "UnmapAccount", "ProposeQuantityChange" })
        {
            yield return From("header", endpoint, "If-Match not a number") with { Headers = [Header("If-Match", "\"abc\"")], Status = 400, Field = "If-Match" };
        }

        foreach (var endpoint in new[] { "SetCustomerPolicy", "UnmapAccount" })
        {
            yield return From("header", endpoint, "If-Match stale") with { Headers = [Header("If-Match", "\"0\"")], Status = 412 };
        }

        foreach (var endpoint in new[] { "IgnoreAsset", "CreateApiKey", "IngestSnapshot" })
        {
            foreach (var (name, value) in HostileIdempotencyKeys)
            {
                yield return From("header", endpoint, $"Idempotency-Key {name}") with
                {
                    Headers = [Header("Idempotency-Key", value)], Status = 400, Field = "Idempotency-Key",
                };
            }
        }

        // Its own asset, so that no other case meets this ignore.
        var first = From("header", "IgnoreAsset", "first use of a key") with
        {
            Headers = [Header("Idempotency-Key", "corpus-reuse-ignore")],
            Body = Utf8("""{"assetKind":"Volume","assetId":"vol-share-scans","reason":"first"}"""),
        };
        yield return first with
        {
            Name = "IgnoreAsset Idempotency-Key reused with another body",
            Body = Utf8("""{"assetKind":"Volume","assetId":"vol-dc01","reason":"a different asset"}"""),
            Status = 409,
            Before = first,
        };
        var firstKey = From("header", "CreateApiKey", "first use of a key") with { Headers = [Header("Idempotency-Key", "corpus-reuse-key")] };
        yield return firstKey with { Name = "CreateApiKey Idempotency-Key reused", Status = 409, Before = firstKey };
        yield return firstKey with
        {
            Name = "CreateApiKey Idempotency-Key reused with another role",
            Body = Utf8("""{"role":"admin","label":"catalog"}"""),
            Status = 409,
            Before = firstKey with { Headers = [Header("Idempotency-Key", "corpus-reuse-key-2")] },
            Headers = [Header("Idempotency-Key", "corpus-reuse-key-2")],
        };

        foreach (var endpoint in new[] { "IgnoreAsset", "CreateApiKey" })
        {
            foreach (var (name, value, status) in HostileContentTypes)
            {
                yield return From("header", endpoint, $"Content-Type {name}") with { ContentType = value, Status = status };
            }
        }

        foreach (var accept in new[] { "text/html", "application/xml", "image/png", "garbage;;;q=x" })
        {
            yield return From("header", "IgnoreAsset", $"Accept {accept} on a bad body") with
            {
                Headers = [Header("Accept", accept)], Body = Utf8("""{"assetKind":"Volume","assetId":"vol\u0000dc01","reason":"x"}"""), Status = 400,
            };
            yield return From("header", "GetCustomer", $"Accept {accept} on an unknown customer", "/api/customers/org-999999") with
            {
                Headers = [Header("Accept", accept)], Status = 404,
            };
        }
    }
}
