using System.Net.Http.Json;
using System.Text.Json;
using LedgerReconcile.Api.Tests.Infrastructure;

namespace LedgerReconcile.Api.Tests;

/// <summary>Two Datto organizations billed on one PSA line, through the API, on a real store.</summary>
public abstract class SharedLineApiTests(LedgerHost host)
{
    private const string AgentLine = "cw:19300:802:40101";

    // The example snapshot counts one agent and one NAS share once the share is included: 2 agents per organization.
    private static async Task<string> MappedAsync(TenantKeys t, long organizationId, string name)
    {
        var customer = await LedgerHost.IngestAsync(t, organizationId, name);
        var c = $"/api/customers/{customer}";
        await Expect.StatusAsync(await t.Finance.PutAsJsonAsync($"{c}/account", new { organizationId, dattoOrganizationName = name, psaKind = "ConnectWise", psaCompanyId = "19300", psaCompanyName = "Harbor Group", agreementId = "802" }), 200);
        await Expect.StatusAsync(await t.Finance.PutAsJsonAsync($"{c}/services/PerAgent", new
        {
            psaLineId = AgentLine,
            unitRule = new { unit = "Each", @base = 1000, rounding = "Up", step = 1, includedAllowance = 0, minimum = 0 },
            unitPrice = new { amount = 12.5m, currency = "USD" },
        }), 200);
        await Expect.StatusAsync(await t.Finance.PostAsJsonAsync($"{c}/inclusions", new { assetKind = "Volume", assetId = "vol-share-scans", reason = "Customer asked" }), 200);
        return customer;
    }

    [Fact]
    public async Task TwoOrganizationsOnOneLineAreProposedOnceSummedWithEachContributionListedAndShownOnTheLine()
    {
        var t = await host.TenantAsync("shared");
        var harbor = await MappedAsync(t, 4100, "Harbor Dental");
        var clinic = await MappedAsync(t, 4101, "Harbor Clinic");
        await host.ObservePsaAsync(t.Tenant, clinic, AgentLine, 1);

        var reconciled = await Expect.JsonAsync<JsonElement>(await t.Finance.PostAsync("/api/reconcile", null));

        var results = reconciled.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("customerKey").GetString()!, Appended);
        Assert.Equal(["customer.psa_line_sharing_recorded.v1", "customer.quantity_change_proposed.v2"], results[harbor]);
        Assert.Equal(["customer.psa_line_sharing_recorded.v1"], results[clinic]);
        var proposal = (await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync("/api/proposals"))).EnumerateArray().Single();
        Assert.Equal((harbor, 1m, 4m, 37.5m), (proposal.GetProperty("customerKey").GetString(), proposal.GetProperty("from").GetDecimal(), proposal.GetProperty("to").GetDecimal(), proposal.GetProperty("moneyImpact").GetDecimal()));
        Assert.Equal(
            [(harbor, "Harbor Dental", 2m), (clinic, "Harbor Clinic", 2m)],
            proposal.GetProperty("contributions").EnumerateArray().Select(c => (c.GetProperty("customerKey").GetString(), c.GetProperty("organizationName").GetString(), c.GetProperty("units").GetDecimal())));

        await host.CatchUpAsync();
        var line = (await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync($"/api/customers/{harbor}/lines"))).EnumerateArray().Single(l => l.GetProperty("service").GetString() == "PerAgent");
        Assert.Equal([harbor, clinic], line.GetProperty("contributions").EnumerateArray().Select(c => c.GetProperty("customerKey").GetString()));
    }

    [Fact]
    public async Task OnceTheSharedLineAgreesTheHomeLineIsInSyncAndTheOtherOrganizationsLineIsNoDiscrepancy()
    {
        var t = await host.TenantAsync("sharedsync");
        var harbor = await MappedAsync(t, 4100, "Harbor Dental");
        var clinic = await MappedAsync(t, 4101, "Harbor Clinic");
        // The PSA bills the sum (4); each organization alone counts 2, which must not read as over-billing anywhere.
        // A PSA read records the line in every stream that maps it.
        await host.ObservePsaAsync(t.Tenant, harbor, AgentLine, 4);
        await host.ObservePsaAsync(t.Tenant, clinic, AgentLine, 4);
        await Expect.StatusAsync(await t.Finance.PostAsync("/api/reconcile", null), 200);
        await host.CatchUpAsync();

        var home = await AgentLineOfAsync(t, harbor);
        Assert.Equal(("InSync", 0m), (home.GetProperty("status").GetString(), home.GetProperty("difference").GetDecimal()));
        Assert.Equal([harbor, clinic], home.GetProperty("contributions").EnumerateArray().Select(c => c.GetProperty("customerKey").GetString()));
        var away = await AgentLineOfAsync(t, clinic);
        Assert.Equal(("SharedElsewhere", JsonValueKind.Null), (away.GetProperty("status").GetString(), away.GetProperty("moneyImpact").ValueKind));
        Assert.Contains($"in customer {harbor}", away.GetProperty("note").GetString(), StringComparison.Ordinal);
        var discrepancies = await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync("/api/discrepancies?service=PerAgent"));
        Assert.Empty(discrepancies.EnumerateArray());
        Assert.Empty((await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync("/api/proposals"))).EnumerateArray());
    }

    private static async Task<JsonElement> AgentLineOfAsync(TenantKeys t, string customerKey) =>
        (await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync($"/api/customers/{customerKey}/lines"))).EnumerateArray().Single(l => l.GetProperty("service").GetString() == "PerAgent");

    [Fact]
    public async Task MappingOneLineToTwoServicesOfOneOrganizationIsStillRefusedAndAppendsNothing()
    {
        var t = await host.TenantAsync("sharedbad");
        var harbor = await MappedAsync(t, 4100, "Harbor Dental");
        var head = await host.HeadAsync();

        await Expect.ProblemAsync(
            await t.Finance.PutAsJsonAsync($"/api/customers/{harbor}/services/PerDevice", new
            {
                psaLineId = AgentLine,
                unitRule = new { unit = "Each", @base = 1000, rounding = "Up", step = 1, includedAllowance = 0, minimum = 0 },
            }),
            422);

        Assert.Equal(head, await host.HeadAsync());
    }

    private static List<string?> Appended(JsonElement result) => [.. result.GetProperty("appended").EnumerateArray().Select(a => a.GetString())];
}

public sealed class SqliteSharedLineApiTests(SqliteHost host) : SharedLineApiTests(host), IClassFixture<SqliteHost>;

public sealed class PostgresSharedLineApiTests(PostgresHost host) : SharedLineApiTests(host), IClassFixture<PostgresHost>;
