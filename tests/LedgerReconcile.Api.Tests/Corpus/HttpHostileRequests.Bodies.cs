using System.Text.Json.Nodes;

namespace LedgerReconcile.Api.Tests.Corpus;

public static partial class HttpHostileRequests
{
    private static readonly string[] EndpointsWithBodies =
    [
        "IngestSnapshot", "MapAccount", "UnmapAccount", "MapService", "UnmapService", "IgnoreAsset", "RevokeIgnore", "IncludeAsset",
        "RevokeInclusion", "SetCustomerPolicy", "AcknowledgeDrift", "ProposeQuantityChange", "ApproveQuantityChange", "RejectQuantityChange",
        "CloseBillingPeriod", "AdjustBillingPeriod", "CorrectBillingPeriod", "SetTenantPolicy", "CreateApiKey", "SetCredentials",
    ];

    /// <summary>Bodies that are not a JSON object of any kind, for every endpoint that takes one.</summary>
    private static readonly (string Name, byte[] Body)[] NotAnObject =
    [
        ("empty body", []),
        ("truncated JSON", Utf8("""{"reason":"fr""")),
        ("array instead of object", Utf8("[]")),
        ("null", Utf8("null")),
        ("a bare number", Utf8("42")),
        ("10k-deep nesting", Utf8(new string('[', 10_000) + new string(']', 10_000))),
        ("invalid UTF-8", [(byte)'{', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}']),
    ];

    private static IEnumerable<HostileRequest> BodyCases()
    {
        foreach (var endpoint in EndpointsWithBodies)
        {
            foreach (var (name, body) in NotAnObject)
            {
                yield return From("body", endpoint, name) with { Body = body, Status = 400 };
            }
        }

        foreach (var request in FieldCases())
        {
            yield return request;
        }
    }

    /// <summary>A JSON object whose one field is wrong: each must be a 400 naming that field.</summary>
    private static IEnumerable<HostileRequest> FieldCases()
    {
        yield return Set("IngestSnapshot", "observedAt", "observedAt without offset", "2026-11-01T06:00:00");
        yield return Set("IngestSnapshot", "observedAt", "observedAt year 0001", "0001-01-01T00:00:00Z");
        yield return Set("IngestSnapshot", "observedAt", "observedAt year 9999", "9999-12-31T23:59:59Z");
        yield return Set("IngestSnapshot", "organizationId", "organizationId as text", "abc");
        yield return Set("IngestSnapshot", "organizationId", "organizationId negative", -1);
        yield return Set("IngestSnapshot", "organizationId", "organizationId fractional", 1.5m);
        yield return Raw("IngestSnapshot", "organizationId", "organizationId 1e400", "\"organizationId\":4100", "\"organizationId\":1e400");
        yield return Set("IngestSnapshot", "snapshotId", "snapshotId with NUL", "snap\u0000one");
        yield return Set("IngestSnapshot", "snapshotId", "snapshotId with bidi override", "snap-\u202Eeno");
        yield return Set("IngestSnapshot", "snapshotId", "snapshotId walking a path", "../../etc/passwd");
        yield return Set("IngestSnapshot", "snapshotId", "snapshotId of 10 KB", new string('s', 10_000));
        yield return Set("IngestSnapshot", "organizationName", "organizationName of 1.1 MB", new string('n', 1_100_000));
        yield return Set("IngestSnapshot", "devices", "devices as an object", new JsonObject());
        yield return Set("IngestSnapshot", "devices", "devices null", null);
        yield return Change("IngestSnapshot", "devices[0].hidden", "device hidden as text", b => b["devices"]![0]!["hidden"] = "yes");
        yield return Change("IngestSnapshot", "devices[0].serialNumber", "device serial with zero-width space", b => b["devices"]![0]!["serialNumber"] = "A1B2\u200BC3D4E5F6");
        yield return Raw("IngestSnapshot", null, "duplicate snapshotId", "{", "{\"snapshotId\":\"other\",");

        yield return Raw("MapAccount", "organizationId", "organizationId NaN", "\"organizationId\":4100", "\"organizationId\":NaN");
        yield return Set("MapAccount", "organizationId", "organizationId \"NaN\"", "NaN");
        yield return Set("MapAccount", "psaKind", "psaKind as number", "3");
        yield return Set("MapAccount", "psaKind", "psaKind with trailing space", "ConnectWise ");
        yield return Set("MapAccount", "psaCompanyId", "psaCompanyId SQL", "19300'; DROP TABLE events;--");
        yield return Set("MapAccount", "agreementId", "agreementId empty", "");
        yield return Set("MapAccount", "effectiveFrom", "effectiveFrom without offset", "2026-11-01T00:00:00");
        yield return Set("MapAccount", "effectiveFrom", "effectiveFrom year 9999", "9999-12-31T00:00:00Z");
        yield return Set("MapAccount", "dattoOrganizationName", "dattoOrganizationName of 600 characters", new string('n', 600));
        yield return Set("MapAccount", "dattoOrganizationName", "dattoOrganizationName with bidi override", "Harbor \u202EDental");

        yield return Set("MapService", "unitRule", "unitRule null", null);
        yield return Set("MapService", "unitRule", "unitRule as array", new JsonArray());
        yield return Change("MapService", "unitRule.step", "step zero", b => b["unitRule"]!["step"] = 0);
        yield return Change("MapService", "unitRule.step", "step negative", b => b["unitRule"]!["step"] = -1);
        yield return Change("MapService", "unitRule.unit", "unit as number", b => b["unitRule"]!["unit"] = "2");
        yield return Change("MapService", "unitPrice.amount", "amount negative", b => b["unitPrice"]!["amount"] = -1);
        yield return Change("MapService", "unitPrice.amount", "amount as text", b => b["unitPrice"]!["amount"] = "twelve");
        yield return Raw("MapService", "unitPrice.amount", "amount Infinity", "\"amount\":12", "\"amount\":Infinity");
        yield return Raw("MapService", "unitPrice.amount", "amount 1e400", "\"amount\":12", "\"amount\":1e400");
        yield return Raw("MapService", "unitPrice.amount", "amount beyond decimal", "\"amount\":12", "\"amount\":79228162514264337593543950336");
        yield return Change("MapService", "unitPrice.currency", "currency lowercase", b => b["unitPrice"]!["currency"] = "usd");
        yield return Set("MapService", "psaLineId", "psaLineId walking a path", "cw:19300/../40001");
        yield return Set("MapService", "psaLineId", "psaLineId with a query", "cw:19300?x=1");
        yield return Set("MapService", "seatType", "seatType with NUL", "Exchange\u0000");

        yield return Set("IgnoreAsset", "assetKind", "assetKind as number", "0");
        yield return Set("IgnoreAsset", "assetKind", "assetKind with trailing space", "Volume ");
        yield return Set("IgnoreAsset", "assetId", "assetId with NUL", "vol\u0000dc01");
        yield return Set("IgnoreAsset", "assetId", "assetId with zero-width space", "vol-\u200Bdc01");
        yield return Set("IgnoreAsset", "assetId", "assetId of 301 characters", new string('v', 301));
        yield return Set("IgnoreAsset", "assetId", "assetId as boolean", true);
        yield return Set("IgnoreAsset", "reason", "reason empty", "");
        yield return Set("IgnoreAsset", "reason", "reason of 2001 characters", new string('r', 2001));
        yield return Set("IgnoreAsset", "reason", "reason with bell character", "free\u0007");
        yield return Raw("IgnoreAsset", "reason", "reason with lone surrogate", "\"reason\":\"free\"", "\"reason\":\"free\\ud800\"");
        yield return Set("IgnoreAsset", "reason", "reason as number", 5);
        yield return Raw("IgnoreAsset", null, "duplicate assetId", "{", "{\"assetId\":\"vol-other\",");
        yield return Set("RevokeIgnore", "assetId", "assetId with bidi override", "vol-\u202Edc01");
        yield return Set("IncludeAsset", "assetKind", "assetKind unknown", "Printer");
        yield return Drop("RevokeInclusion", "reason", "reason missing");

        yield return Set("SetCustomerPolicy", "choice", "choice as number", "1");
        yield return Set("SetCustomerPolicy", "choice", "choice with tab", "Count\t");
        yield return Set("SetCustomerPolicy", "effectiveFrom", "effectiveFrom year 0001", "0001-01-01T00:00:00Z");
        yield return Set("SetTenantPolicy", "choice", "choice as number", "0");
        yield return Set("SetTenantPolicy", "choice", "choice with trailing space", "Exclude ");
        yield return Set("SetTenantPolicy", "reason", "reason with bidi override", "terms \u202E");
        yield return Set("AcknowledgeDrift", "note", "note with NUL", "checked\u0000");
        yield return Set("ProposeQuantityChange", "service", "service as number", "3");
        yield return Set("ProposeQuantityChange", "service", "service empty", "");
        yield return Set("ProposeQuantityChange", "seatType", "seatType with bidi override", "\u202EExchange");
        yield return Set("ApproveQuantityChange", "note", "note of 2001 characters", new string('n', 2001));
        yield return Drop("RejectQuantityChange", "reason", "reason missing");
        yield return Set("UnmapAccount", "effectiveFrom", "effectiveFrom without offset", "2026-11-01T00:00:00");
        yield return Set("UnmapService", "seatType", "seatType with a line break", "Exchange\nUser");

        yield return Set("CloseBillingPeriod", "periodStart", "periodStart year 9999", "9999-12-31");
        yield return Set("CloseBillingPeriod", "periodEnd", "periodEnd year 9999", "9999-12-31");
        yield return Set("CloseBillingPeriod", "periodId", "periodId walking a path", "../2026-10");
        yield return Set("CloseBillingPeriod", "periodId", "periodId with NUL", "2026-10\u0000");
        yield return Set("CloseBillingPeriod", "lines", "lines as object", new JsonObject());
        yield return Set("CloseBillingPeriod", "lines", "lines null", null);
        yield return Set("CloseBillingPeriod", "periodStart", "periodStart as number", 20261001);
        yield return Set("CloseBillingPeriod", "periodStart", "periodStart 30 February", "2026-02-30");
        yield return Set("AdjustBillingPeriod", "quantity", "quantity as text", "three");
        yield return Set("AdjustBillingPeriod", "quantity", "quantity negative", -5);
        yield return Set("AdjustBillingPeriod", "quantity", "quantity 1e30", 1e30);
        yield return Set("AdjustBillingPeriod", "quantity", "quantity with 7 decimals", 0.0000001m);
        yield return Raw("AdjustBillingPeriod", "quantity", "quantity NaN", "\"quantity\":3", "\"quantity\":NaN");
        yield return Raw("AdjustBillingPeriod", "quantity", "quantity -Infinity", "\"quantity\":3", "\"quantity\":-Infinity");
        yield return Set("AdjustBillingPeriod", "service", "service as number", "3");
        yield return Drop("AdjustBillingPeriod", "cause", "cause missing");
        yield return Drop("CorrectBillingPeriod", "periodEnd", "periodEnd missing");
        yield return Change("CorrectBillingPeriod", "periodEnd", "periodStart after periodEnd", b => b["periodStart"] = "2026-11-15");

        yield return Set("CreateApiKey", "role", "role unknown", "superuser");
        yield return Set("CreateApiKey", "role", "role as number", "0");
        yield return Set("CreateApiKey", "role", "role with trailing space", "auditor ");
        yield return Set("CreateApiKey", "role", "role null", null);
        yield return Set("CreateApiKey", "label", "label with control character", "ci\u0001key");
        yield return Set("CreateApiKey", "label", "label with bidi override", "ci \u202Eyek");
        yield return Set("CreateApiKey", "label", "label of 201 characters", new string('l', 201));
        yield return Raw("CreateApiKey", null, "duplicate role", "{", "{\"role\":\"admin\",");
        yield return Set("SetCredentials", "publicKey", "publicKey as number", 5);
        yield return Set("SetCredentials", "baseAddress", "baseAddress a file URL", "file:///etc/passwd");
        yield return Set("SetCredentials", "baseAddress", "baseAddress javascript", "javascript:alert(1)");
        yield return Set("SetCredentials", "publicKey", "publicKey with NUL", "p\u0000");
        yield return Raw("SetCredentials", null, "duplicate publicKey", "{", "{\"publicKey\":\"q\",");
    }

    private static HostileRequest Set(string endpoint, string field, string name, JsonNode? value) =>
        Change(endpoint, field, name, body => body[field] = value);

    private static HostileRequest Drop(string endpoint, string field, string name) =>
        Change(endpoint, field, name, body => Assert.True(body.Remove(field), $"{endpoint} has no field {field}."));

    private static HostileRequest Change(string endpoint, string field, string name, Action<JsonObject> change)
    {
        var body = ValidBody(endpoint);
        change(body);
        return From("body", endpoint, name) with { Body = Utf8(body.ToJsonString()), Status = 400, Field = field };
    }

    /// <summary>A change JSON nodes cannot express (NaN, 1e400, a duplicate key) made in the valid body's text.</summary>
    private static HostileRequest Raw(string endpoint, string? field, string name, string valid, string hostile)
    {
        var text = ValidBody(endpoint).ToJsonString();
        var index = text.IndexOf(valid, StringComparison.Ordinal);
        if (index < 0)
        {
            throw new InvalidOperationException($"{endpoint}: '{valid}' is not in {text}.");
        }

        return From("body", endpoint, name) with { Body = Utf8(text[..index] + hostile + text[(index + valid.Length)..]), Status = 400, Field = field };
    }
}
