using System.Net.Http.Json;
using System.Text.Json;
using LedgerReconcile.Api.Security;
using LedgerReconcile.Api.Tests.Infrastructure;
using LedgerReconcile.Domain.ApiKeys;

namespace LedgerReconcile.Api.Tests;

/// <summary>Who may call what: 401 without a key, 403 for a role that may not, 404 for another tenant's customer.</summary>
public abstract class AccessTests(LedgerHost host)
{
    private sealed record World(TenantKeys Owner, string Customer, TenantKeys Stranger);

    [Theory]
    [MemberData(nameof(EndpointCatalog.Names), MemberType = typeof(EndpointCatalog))]
    public async Task EveryEndpointRefusesACallerWithoutAKey(string name)
    {
        var world = await WorldAsync();
        var endpoint = EndpointCatalog.Named(name);
        var head = await host.HeadAsync();

        var response = await host.Client().SendAsync(endpoint.Request(world.Customer));

        await Expect.ProblemAsync(response, 401);
        Assert.Equal(head, await host.HeadAsync());
    }

    [Theory]
    [MemberData(nameof(EndpointCatalog.Names), MemberType = typeof(EndpointCatalog))]
    public async Task EveryEndpointRefusesAnUnknownKey(string name)
    {
        var world = await WorldAsync();
        var client = host.Client("lr_0123456789abcdef_not-a-real-secret-at-all-0000000000000000");

        await Expect.ProblemAsync(await client.SendAsync(EndpointCatalog.Named(name).Request(world.Customer)), 401);
    }

    [Theory]
    [MemberData(nameof(EndpointCatalog.RestrictedNames), MemberType = typeof(EndpointCatalog))]
    public async Task RolesThatMayNotCallAnEndpointAreForbiddenAndChangeNothing(string name)
    {
        var world = await WorldAsync();
        var endpoint = EndpointCatalog.Named(name);
        Assert.NotEmpty(Roles.All.Except(endpoint.Roles));
        foreach (var role in Roles.All.Except(endpoint.Roles))
        {
            var head = await host.HeadAsync();
            var response = await world.Owner.As(role).SendAsync(endpoint.Request(world.Customer));
            await Expect.ProblemAsync(response, 403);
            Assert.Equal(head, await host.HeadAsync());
        }
    }

    [Theory]
    [MemberData(nameof(EndpointCatalog.CustomerScopedNames), MemberType = typeof(EndpointCatalog))]
    public async Task AnotherTenantsCustomerIsNotFoundAndNothingIsAppended(string name)
    {
        var world = await WorldAsync();
        var endpoint = EndpointCatalog.Named(name);

        foreach (var role in endpoint.Roles)
        {
            var head = await host.HeadAsync();
            var response = await world.Stranger.As(role).SendAsync(endpoint.Request(world.Customer));
            var problem = await Expect.ProblemAsync(response, 404);
            Assert.Equal(head, await host.HeadAsync());
            Assert.DoesNotContain(world.Owner.Tenant, problem.GetRawText(), StringComparison.Ordinal);
        }

        // The owner reaches the same customer, so the 404 above is about the tenant, not the address.
        if (endpoint.Name != "GetInvoicedPeriod")
        {
            var owner = await world.Owner.As(endpoint.Roles[0]).SendAsync(endpoint.Request(world.Customer));
            Assert.NotEqual(404, (int)owner.StatusCode);
        }
    }

    [Fact]
    public async Task TenantWideReadsShowNothingOfAnotherTenant()
    {
        var world = await WorldAsync();
        await host.CatchUpAsync();

        var customers = await Expect.JsonAsync<JsonElement>(await world.Stranger.Finance.GetAsync("/api/customers"));
        var unmapped = await Expect.JsonAsync<JsonElement>(await world.Stranger.Finance.GetAsync("/api/unmapped"));
        var feed = await Expect.JsonAsync<JsonElement>(await world.Stranger.Auditor.GetAsync("/api/events?limit=1000"));
        var verify = await Expect.JsonAsync<JsonElement>(await world.Stranger.Auditor.GetAsync("/api/verify"));

        Assert.Equal(["org-7700"], customers.EnumerateArray().Select(c => c.GetProperty("customerKey").GetString()));
        Assert.All(unmapped.EnumerateArray(), u => Assert.Equal("org-7700", u.GetProperty("customerKey").GetString()));
        var streams = feed.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("stream").GetString()!).ToList();
        Assert.NotEmpty(streams);
        Assert.DoesNotContain(streams, s => s.Contains(world.Owner.Tenant, StringComparison.Ordinal));
        Assert.DoesNotContain(world.Owner.Tenant, verify.GetRawText(), StringComparison.Ordinal);

        var ownerCustomers = await Expect.JsonAsync<JsonElement>(await world.Owner.Finance.GetAsync("/api/customers"));
        Assert.Equal(world.Customer, ownerCustomers.EnumerateArray().Single().GetProperty("customerKey").GetString());
    }

    [Fact]
    public async Task ARevokedKeyStopsWorkingAtOnce()
    {
        var tenant = await host.TenantAsync("revoke");
        var created = await Expect.JsonAsync<JsonElement>(await tenant.Admin.PostAsJsonAsync("/api/keys", new { role = "auditor", label = "short-lived" }), 201);
        var key = created.GetProperty("key").GetString()!;
        await Expect.StatusAsync(await host.Client(key).GetAsync("/api/verify"), 200);

        await Expect.StatusAsync(await tenant.Admin.DeleteAsync($"/api/keys/{created.GetProperty("keyId").GetString()}"), 204);

        await Expect.ProblemAsync(await host.Client(key).GetAsync("/api/verify"), 401);
    }

    private Task<World> WorldAsync() => host.SharedAsync("access-world", async () =>
    {
        var owner = await host.TenantAsync("owner");
        var customer = await LedgerHost.IngestAsync(owner, 4100);
        var stranger = await host.TenantAsync("stranger");
        // The stranger has a customer of its own, so its tenant-wide reads are not trivially empty.
        await LedgerHost.IngestAsync(stranger, 7700);
        return new World(owner, customer, stranger);
    });
}

public sealed class SqliteAccessTests(SqliteHost host) : AccessTests(host), IClassFixture<SqliteHost>;

public sealed class PostgresAccessTests(PostgresHost host) : AccessTests(host), IClassFixture<PostgresHost>;
