using System.Net.Http.Json;
using System.Text.Json;
using LedgerReconcile.Api.Tests.Infrastructure;
using LedgerReconcile.Domain.ApiKeys;

namespace LedgerReconcile.Api.Tests.Corpus;

/// <summary>
/// Every hostile request of <see cref="HttpHostileRequests"/> is a 4xx problem that says what is wrong (naming the field
/// where one is at fault, never a .NET type) and leaves the store head where it was.
/// </summary>
public abstract class HttpHostileRequestTests(LedgerHost host)
{
    /// <summary>Keys per role: the corpus sends hundreds of requests, more than one key's rate limit allows at once.</summary>
    private const int KeysPerRole = 6;

    private sealed record World(IReadOnlyDictionary<string, HttpClient[]> Clients);

    protected async Task RefusedAsync(string id)
    {
        var hostile = HttpHostileRequests.Named(id);
        var world = await WorldAsync();
        var clients = world.Clients[hostile.Role];
        var client = clients[(int)((uint)StringComparer.Ordinal.GetHashCode(id) % clients.Length)];
        if (hostile.Before is { } before)
        {
            var first = await client.SendAsync(before.Build(HttpHostileRequests.Customer));
            Assert.True(first.IsSuccessStatusCode, $"{id}: the first request answered {(int)first.StatusCode}: {await first.Content.ReadAsStringAsync()}");
        }

        var head = await host.HeadAsync();

        var response = await client.SendAsync(hostile.Build(HttpHostileRequests.Customer));

        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status is >= 400 and < 500, $"{id}: answered {status}, expected a 4xx: {text}");
        if (hostile.Status is { } expected)
        {
            Assert.True(expected == status, $"{id}: answered {status}, expected {expected}: {text}");
        }

        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{id}: {status} with '{response.Content.Headers.ContentType}': {text}");
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), $"{id}: a problem has a title: {text}");
        foreach (var internals in new[] { "System.", "LedgerReconcile.", "Microsoft." })
        {
            Assert.False(text.Contains(internals, StringComparison.Ordinal), $"{id}: the problem names .NET internals: {text}");
        }

        if (hostile.Field is { } field)
        {
            Assert.True(problem.TryGetProperty("errors", out var errors), $"{id}: a problem about '{field}' lists field errors: {text}");
            Assert.True(errors.TryGetProperty(field, out _), $"{id}: the errors name '{field}': {text}");
        }

        Assert.Equal(head, await host.HeadAsync());
    }

    [Fact]
    public async Task TheCorpusHasAtLeast250CasesOverRoutesQueriesHeadersAndBodies()
    {
        var perCategory = HttpHostileRequests.All.Values.GroupBy(c => c.Category).ToDictionary(g => g.Key, g => g.Count());

        Assert.True(HttpHostileRequests.All.Count >= 250, $"{HttpHostileRequests.All.Count} cases");
        Assert.Equal(["body", "header", "query", "route"], perCategory.Keys.Order(StringComparer.Ordinal));
        Assert.All(perCategory.Values, count => Assert.True(count >= 40, $"{count} cases in a category"));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task AnIdempotencyKeyOfAnotherTenantIsAnotherRequest()
    {
        var first = await host.TenantAsync("idem-a");
        var second = await host.TenantAsync("idem-b");

        var issued = await Task.WhenAll(new[] { first, second }.Select(async tenant =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/keys") { Content = JsonContent.Create(new { role = "auditor", label = "same key" }) };
            request.Headers.Add("Idempotency-Key", "shared-by-two-tenants");
            return await Expect.JsonAsync<JsonElement>(await tenant.Admin.SendAsync(request), 201);
        }));

        Assert.Equal(first.Tenant, issued[0].GetProperty("tenant").GetString());
        Assert.Equal(second.Tenant, issued[1].GetProperty("tenant").GetString());
        Assert.NotEqual(issued[0].GetProperty("keyId").GetString(), issued[1].GetProperty("keyId").GetString());
    }

    private Task<World> WorldAsync() => host.SharedAsync("http-corpus-world", async () =>
    {
        var tenant = await host.TenantAsync("corpus");
        Assert.Equal(HttpHostileRequests.Customer, await LedgerHost.IngestAsync(tenant, 4100));
        // A second write puts the customer past revision 0, so If-Match "0" is stale.
        await Expect.StatusAsync(await tenant.Finance.SendAsync(EndpointCatalog.Named("SetCustomerPolicy").Request(HttpHostileRequests.Customer)), 200);
        var customer = await tenant.Finance.GetAsync($"/api/customers/{HttpHostileRequests.Customer}");
        await Expect.StatusAsync(customer, 200);
        Assert.True(long.Parse(customer.Headers.ETag!.Tag.Trim('"')) >= 1, "The corpus customer is past revision 0.");

        var clients = new Dictionary<string, HttpClient[]>(StringComparer.Ordinal);
        foreach (var role in Roles.All)
        {
            clients[role] = await Task.WhenAll(Enumerable.Range(0, KeysPerRole).Select(async _ => host.Client(await host.KeyAsync(tenant.Tenant, role))));
        }

        return new World(clients);
    });
}

public sealed class SqliteHttpHostileRequestTests(SqliteHost host) : HttpHostileRequestTests(host), IClassFixture<SqliteHost>
{
    public static TheoryData<string> Cases => HttpHostileRequests.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public Task AHostileRequestIsA4xxProblemAndAppendsNothing(string id) => RefusedAsync(id);
}

/// <summary>On PostgreSQL only the requests that could append: reads do not touch the store's write path.</summary>
public sealed class PostgresHttpHostileRequestTests(PostgresHost host) : HttpHostileRequestTests(host), IClassFixture<PostgresHost>
{
    public static TheoryData<string> Cases => HttpHostileRequests.AppendCapableNames();

    [Theory]
    [MemberData(nameof(Cases))]
    public Task AHostileRequestIsA4xxProblemAndAppendsNothing(string id) => RefusedAsync(id);
}
