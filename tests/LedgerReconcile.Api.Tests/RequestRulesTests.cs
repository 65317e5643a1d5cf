using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LedgerReconcile.Api.Endpoints;
using LedgerReconcile.Api.Tests.Infrastructure;
using LedgerReconcile.Domain;

namespace LedgerReconcile.Api.Tests;

/// <summary>Concurrency, validation, size limits, idempotency and correlation: the rules every write follows.</summary>
public abstract class RequestRulesTests(LedgerHost host)
{
    private static readonly object Ignore = new { assetKind = "Volume", assetId = "vol-dc01", reason = "Monitoring server" };

    [Fact]
    public async Task AWriteWithAStaleETagIsRefusedWith412AndAppendsNothing()
    {
        var t = await host.TenantAsync("etag");
        var customer = await LedgerHost.IngestAsync(t, 4100);
        var stale = (await t.Finance.GetAsync($"/api/customers/{customer}")).Headers.ETag!;
        await Expect.StatusAsync(await WithIfMatch(t.Finance, $"/api/customers/{customer}/ignores", Ignore, stale), 200);
        var head = await host.HeadAsync();

        var refused = await WithIfMatch(t.Finance, $"/api/customers/{customer}/inclusions", new { assetKind = "Volume", assetId = "vol-share-scans", reason = "asked" }, stale);

        await Expect.ProblemAsync(refused, 412);
        Assert.Equal(head, await host.HeadAsync());
        var fresh = (await t.Finance.GetAsync($"/api/customers/{customer}")).Headers.ETag!;
        Assert.NotEqual(stale.Tag, fresh.Tag);
        await Expect.StatusAsync(await WithIfMatch(t.Finance, $"/api/customers/{customer}/inclusions", new { assetKind = "Volume", assetId = "vol-share-scans", reason = "asked" }, fresh), 200);
    }

    [Fact]
    public async Task AMalformedIfMatchIsABadRequest()
    {
        var t = await host.TenantAsync("etag");
        var customer = await LedgerHost.IngestAsync(t, 4100);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/customers/{customer}/ignores") { Content = JsonContent.Create(Ignore) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"yesterday\"");

        await Expect.ProblemAsync(await t.Finance.SendAsync(request), 400);
    }

    [Fact]
    public async Task AnInvalidCommandIsA400WithFieldErrorsAndAppendsNothing()
    {
        var t = await host.TenantAsync("invalid");
        var customer = await LedgerHost.IngestAsync(t, 4100);
        var head = await host.HeadAsync();

        await Expect.ValidationAsync(await t.Finance.PostAsJsonAsync($"/api/customers/{customer}/ignores", new { assetKind = "Spaceship", assetId = "", reason = "" }), "assetKind");
        var rule = await Expect.ValidationAsync(await t.Finance.PutAsJsonAsync($"/api/customers/{customer}/services/OffsiteStorage", new
        {
            psaLineId = "cw:1:2:3",
            unitRule = new { unit = "Terabyte", @base = 1000, rounding = "Up", step = 0, includedAllowance = -1, minimum = 0 },
            unitPrice = new { amount = 1, currency = "dollars" },
        }), "unitRule.step");
        var errors = rule.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Contains("unitRule.includedAllowance", errors);
        Assert.Contains("unitPrice.currency", errors);
        await Expect.ValidationAsync(await t.Admin.PostAsJsonAsync("/api/snapshots", new { snapshotId = "", observedAt = DateTimeOffset.UtcNow, devices = Array.Empty<object>(), assets = Array.Empty<object>() }), "snapshotId");
        await Expect.ValidationAsync(await t.Finance.GetAsync($"/api/customers/{customer}/explain?service=Bananas"), "service");
        await Expect.ValidationAsync(await t.Auditor.GetAsync("/api/events?limit=0"), "limit");
        await Expect.ProblemAsync(await t.Admin.PutAsJsonAsync("/api/tenant/policies/NasShares", new { choice = "Sometimes", reason = "x" }), 400);

        Assert.Equal(head, await host.HeadAsync());
    }

    [Fact]
    public async Task ABodyThatIsNotJsonIsA400AndATooLargeOneA413()
    {
        var t = await host.TenantAsync("body");
        var customer = await LedgerHost.IngestAsync(t, 4100);
        var head = await host.HeadAsync();

        var broken = await t.Finance.PostAsync($"/api/customers/{customer}/ignores", new StringContent("{\"assetKind\": \"Volume\",", Encoding.UTF8, "application/json"));
        await Expect.ProblemAsync(broken, 400);
        var huge = new StringContent(JsonSerializer.Serialize(new { assetKind = "Volume", assetId = "v", reason = new string('x', 70_000) }), Encoding.UTF8, "application/json");
        await Expect.ProblemAsync(await t.Finance.PostAsync($"/api/customers/{customer}/ignores", huge), 413);

        Assert.Equal(head, await host.HeadAsync());
    }

    [Fact]
    public async Task ABreachOfALedgerRuleIsA422WithItsRuleCode()
    {
        var t = await host.TenantAsync("rule");
        var customer = await LedgerHost.IngestAsync(t, 4100);

        var problem = await Expect.ProblemAsync(await t.Finance.PostAsJsonAsync($"/api/customers/{customer}/proposals", new { service = "PerAgent" }), 422);

        Assert.False(string.IsNullOrEmpty(problem.GetProperty("rule").GetString()));
    }

    [Fact]
    public async Task ARequestRetriedWithTheSameIdempotencyKeyIsRecordedOnce()
    {
        var t = await host.TenantAsync("retry");
        var customer = await LedgerHost.IngestAsync(t, 4100);
        HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/customers/{customer}/ignores") { Content = JsonContent.Create(Ignore) };
            request.Headers.Add("Idempotency-Key", "ignore-dc01-2026-11-26");
            return request;
        }

        var first = await Expect.JsonAsync<JsonElement>(await t.Finance.SendAsync(Request()));
        var head = await host.HeadAsync();
        var second = await Expect.JsonAsync<JsonElement>(await t.Finance.SendAsync(Request()));

        Assert.Equal(head, await host.HeadAsync());
        Assert.Equal(first.GetProperty("revision").GetInt64(), second.GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task AnIdempotencyKeyReusedForADifferentRequestIsA409ThatSaysSo()
    {
        var t = await host.TenantAsync("reuse");
        var customer = await LedgerHost.IngestAsync(t, 4100);
        HttpRequestMessage Request(object body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/customers/{customer}/ignores") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "ignore-once");
            return request;
        }

        await Expect.StatusAsync(await t.Finance.SendAsync(Request(Ignore)), 200);
        var head = await host.HeadAsync();

        var problem = await Expect.ProblemAsync(await t.Finance.SendAsync(Request(new { assetKind = "Volume", assetId = "vol-share-scans", reason = "other" })), 409);

        Assert.Contains("Idempotency-Key 'ignore-once' was already used for a different request", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("expected at", problem.GetProperty("detail").GetString());
        Assert.Equal(head, await host.HeadAsync());
    }

    [Fact]
    public async Task ASnapshotIdSentAgainWithDifferentContentIsA409AndKeepsTheFirstContent()
    {
        var t = await host.TenantAsync("snapreuse");
        var document = SnapshotDocument.Example with { SnapshotId = "snap-reused", OrganizationId = 4200, ObservedAt = DateTimeOffset.UtcNow.AddMinutes(-5) };
        await Expect.StatusAsync(await t.Admin.PostAsJsonAsync("/api/snapshots", document, LedgerHost.Json), 200);
        await Expect.StatusAsync(await t.Admin.PostAsJsonAsync("/api/snapshots", document, LedgerHost.Json), 200);
        var head = await host.HeadAsync();

        var problem = await Expect.ProblemAsync(await t.Admin.PostAsJsonAsync("/api/snapshots", document with { OrganizationName = "Renamed by a typo" }, LedgerHost.Json), 409);

        Assert.Contains("already recorded with different content", problem.GetProperty("detail").GetString());
        Assert.Equal(head, await host.HeadAsync());
    }

    [Fact]
    public async Task IssuingAKeyAgainWithTheSameIdempotencyKeyIssuesNoSecondKey()
    {
        var t = await host.TenantAsync("keyretry");
        HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/keys") { Content = JsonContent.Create(new { role = "auditor", label = "retried" }) };
            request.Headers.Add("Idempotency-Key", "issue-auditor-key");
            return request;
        }

        var first = await Expect.JsonAsync<JsonElement>(await t.Admin.SendAsync(Request()), 201);
        var keyId = first.GetProperty("keyId").GetString();

        var problem = await Expect.ProblemAsync(await t.Admin.SendAsync(Request()), 409);

        Assert.Equal(keyId, problem.GetProperty("keyId").GetString());
        Assert.Contains("no second key was issued", problem.GetProperty("detail").GetString());
        var keys = await Expect.JsonAsync<JsonElement>(await t.Admin.GetAsync("/api/keys"));
        Assert.Single(keys.EnumerateArray(), k => k.GetProperty("label").GetString() == "retried");
    }

    [Fact]
    public async Task AWriteThatChangesNothingSaysSoAndWhy()
    {
        var t = await host.TenantAsync("noop");
        var customer = await LedgerHost.IngestAsync(t, 4100);

        var revoke = await Expect.JsonAsync<JsonElement>(await t.Finance.PostAsJsonAsync($"/api/customers/{customer}/ignores/revoke", Ignore));
        var unmap = await Expect.JsonAsync<JsonElement>(await t.Finance.PostAsJsonAsync(
            $"/api/customers/{customer}/services/SaasSeats/unmap", new { seatType = "SharedMailbox", reason = "tidy up" }));

        Assert.False(revoke.GetProperty("changed").GetBoolean());
        Assert.Equal("Nothing changed. There was no ignore of Volume vol-dc01 to revoke.", revoke.GetProperty("note").GetString());
        Assert.False(unmap.GetProperty("changed").GetBoolean());
        Assert.Contains("was not mapped, so there was nothing to unmap", unmap.GetProperty("note").GetString());
    }

    [Fact]
    public async Task TheCorrelationIdIsOnTheResponseTheLogAndTheEvents()
    {
        var t = await host.TenantAsync("corr");
        var customer = await LedgerHost.IngestAsync(t, 4100);
        var correlation = $"ticket-{Guid.NewGuid():N}";
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/customers/{customer}/ignores") { Content = JsonContent.Create(Ignore) };
        request.Headers.Add("X-Correlation-Id", correlation);

        var response = await t.Finance.SendAsync(request);

        await Expect.StatusAsync(response, 200);
        Assert.Equal(correlation, response.Headers.GetValues("X-Correlation-Id").Single());
        var last = await host.Store.ReadStreamAsync(StreamNames.Customer(t.Tenant, customer), EventStore.ReadDirection.Backwards, EventStore.StreamRevision.End, 1).SingleAsync();
        Assert.Equal(correlation, last.Metadata.CorrelationId);
        Assert.Contains(host.Logs.Lines, l => l.Contains($"CorrelationId={correlation}", StringComparison.Ordinal) && l.Contains("IgnoreAsset", StringComparison.Ordinal));

        var generated = await t.Finance.GetAsync("/api/customers/org-999999");
        var id = generated.Headers.GetValues("X-Correlation-Id").Single();
        var problem = await Expect.ProblemAsync(generated, 404);
        Assert.Equal(id, problem.GetProperty("correlationId").GetString());
    }

    private static Task<HttpResponseMessage> WithIfMatch(HttpClient client, string path, object body, EntityTagHeaderValue etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(etag);
        return client.SendAsync(request);
    }
}

public sealed class SqliteRequestRulesTests(SqliteHost host) : RequestRulesTests(host), IClassFixture<SqliteHost>;

public sealed class PostgresRequestRulesTests(PostgresHost host) : RequestRulesTests(host), IClassFixture<PostgresHost>;
