using System.Net.Http.Json;
using System.Text.Json;
using LedgerReconcile.Api.Tests.Infrastructure;
using LedgerReconcile.Domain;
using LedgerReconcile.EventStore;

namespace LedgerReconcile.Api.Tests;

/// <summary>Automatic proposals, blocked lines, bulk decisions and auto-approval rules through the API, on a real store.</summary>
public abstract class ReconciliationApiTests(LedgerHost host)
{
    private const string AgentLine = "cw:19300:802:40101";

    // The example snapshot counts one agent and leaves its NAS share waiting for a decision; the PSA bills none.
    private async Task<(TenantKeys Tenant, string Customer)> MappedCustomerAsync()
    {
        var t = await host.TenantAsync("rec");
        var customer = await LedgerHost.IngestAsync(t, 4100);
        await host.MapAgentLineAsync(t, customer, 4100, "Harbor Dental", AgentLine);
        return (t, customer);
    }

    [Fact]
    public async Task ALineWaitingForADecisionIsBlockedThenProposedOnceItIsDecided()
    {
        var (t, customer) = await MappedCustomerAsync();
        var c = $"/api/customers/{customer}";

        var blocked = await Expect.JsonAsync<JsonElement>(await t.Finance.PostAsync($"{c}/reconcile", null));
        Assert.Equal(["customer.quantity_change_blocked.v1"], Appended(blocked));
        var listed = (await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync("/api/proposals"))).EnumerateArray().Single();
        Assert.Equal(("Blocked", "AssetsNeedDecision", 1), (listed.GetProperty("status").GetString(), listed.GetProperty("blockedBecause").GetString(), listed.GetProperty("assets").GetArrayLength()));

        await Expect.StatusAsync(await t.Finance.PostAsJsonAsync($"{c}/inclusions", new { assetKind = "Volume", assetId = "vol-share-scans", reason = "Customer asked" }), 200);
        var tenantWide = await Expect.JsonAsync<JsonElement>(await t.Finance.PostAsync("/api/reconcile", null));
        var again = await Expect.JsonAsync<JsonElement>(await t.Finance.PostAsync($"{c}/reconcile", null));

        Assert.Equal(["customer.quantity_change_unblocked.v1", "customer.quantity_change_proposed.v1"], Appended(tenantWide.GetProperty("results")[0]));
        Assert.Empty(Appended(again));
        var pending = (await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync("/api/proposals?status=Pending"))).EnumerateArray().Single();
        Assert.Equal((0m, 2m, 25m), (pending.GetProperty("from").GetDecimal(), pending.GetProperty("to").GetDecimal(), pending.GetProperty("moneyImpact").GetDecimal()));
    }

    [Fact]
    public async Task ABulkApprovalMixingKnownAndUnknownIdsAppliesOnlyTheKnownUnderOneCorrelation()
    {
        var (t, customer) = await MappedCustomerAsync();
        await Expect.StatusAsync(await t.Finance.PostAsJsonAsync($"/api/customers/{customer}/inclusions", new { assetKind = "Volume", assetId = "vol-share-scans", reason = "Customer asked" }), 200);
        await Expect.StatusAsync(await t.Finance.PostAsync($"/api/customers/{customer}/reconcile", null), 200);
        var proposal = (await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync("/api/proposals"))).EnumerateArray().Single().GetProperty("proposalId").GetGuid();
        var unknown = Guid.CreateVersion7();
        var stream = StreamNames.Customer(t.Tenant, customer);
        var revision = await host.Store.ReadStreamRevisionAsync(stream);

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/proposals/decisions")
        {
            Content = JsonContent.Create(new { decision = "Approve", proposalIds = new[] { proposal, unknown }, effectiveDate = "2026-12-31" }),
        };
        request.Headers.Add("X-Correlation-Id", "bulk-approval-1");
        var decided = await Expect.JsonAsync<JsonElement>(await t.Finance.SendAsync(request));

        var items = decided.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("Applied", items.Single(i => i.GetProperty("proposalId").GetGuid() == proposal).GetProperty("outcome").GetString());
        var refused = items.Single(i => i.GetProperty("proposalId").GetGuid() == unknown);
        Assert.Equal(("Refused", "proposal.unknown"), (refused.GetProperty("outcome").GetString(), refused.GetProperty("code").GetString()));
        var appended = new List<RecordedEvent>();
        await foreach (var e in host.Store.ReadStreamAsync(stream, ReadDirection.Forwards, revision!.Value + 1))
        {
            appended.Add(e);
        }

        var approval = Assert.Single(appended);
        Assert.Equal(("customer.quantity_change_approved.v2", "bulk-approval-1"), (approval.Type, approval.Metadata.CorrelationId));
        Assert.Equal("Approved", (await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync("/api/proposals"))).EnumerateArray().Single().GetProperty("status").GetString());
    }

    [Fact]
    public async Task BadBulkRequestsAndFiltersAreProblemsOrEmptyAndAppendNothing()
    {
        var (t, customer) = await MappedCustomerAsync();
        var head = await host.HeadAsync();

        await Expect.ValidationAsync(await t.Finance.PostAsJsonAsync("/api/proposals/decisions", new { decision = "Approve", proposalIds = new[] { Guid.CreateVersion7() }, filter = new { service = "PerAgent" } }), "proposalIds");
        await Expect.ValidationAsync(await t.Finance.PostAsJsonAsync("/api/proposals/decisions", new { decision = "Maybe", proposalIds = new[] { Guid.CreateVersion7() } }), "decision");
        await Expect.ValidationAsync(await t.Finance.PostAsJsonAsync("/api/proposals/decisions", new { decision = "Dismiss", filter = new { service = "PerAgent" } }), "reason");
        await Expect.ValidationAsync(await t.Auditor.GetAsync("/api/proposals?status=Sleeping"), "filter.status");
        var none = await Expect.JsonAsync<JsonElement>(await t.Finance.PostAsJsonAsync("/api/proposals/decisions", new { decision = "Reject", filter = new { service = "OffsiteStorage" }, reason = "no" }));
        Assert.Equal((0, 0), (none.GetProperty("matched").GetInt32(), none.GetProperty("items").GetArrayLength()));
        await Expect.ProblemAsync(await t.Finance.PostAsJsonAsync($"/api/customers/{customer}/proposals/{Guid.CreateVersion7()}/dismiss", new { reason = "no" }), 422);
        await Expect.ProblemAsync(await t.Admin.DeleteAsync("/api/tenant/auto-approval-rules/PerAgent?reason=gone"), 404);
        await Expect.ValidationAsync(await t.Admin.PostAsJsonAsync("/api/tenant/auto-approval-rules", new { service = "PerAgent", maxAbsoluteChange = -1, maxPercentChange = 10, reason = "x" }), "maxAbsoluteChange");

        Assert.Equal(head, await host.HeadAsync());
    }

    [Fact]
    public async Task AdminsCreateListAndDeleteAutoApprovalRulesNamedByTheirLine()
    {
        var t = await host.TenantAsync("rules");

        await Expect.StatusAsync(await t.Admin.PostAsJsonAsync("/api/tenant/auto-approval-rules", new { service = "SaasSeats", seatType = "User", maxAbsoluteChange = 2, maxPercentChange = 10, reason = "small seat moves" }), 200);
        var listed = (await Expect.JsonAsync<JsonElement>(await t.Admin.GetAsync("/api/tenant/auto-approval-rules"))).EnumerateArray().Single();
        Assert.Equal(("SaasSeats/User", 2m), (listed.GetProperty("ruleId").GetString(), listed.GetProperty("maxAbsoluteChange").GetDecimal()));

        await Expect.StatusAsync(await t.Admin.DeleteAsync("/api/tenant/auto-approval-rules/SaasSeats?seatType=User&reason=review%20all"), 200);
        Assert.Equal(0, (await Expect.JsonAsync<JsonElement>(await t.Admin.GetAsync("/api/tenant/auto-approval-rules"))).GetArrayLength());
    }

    private static List<string?> Appended(JsonElement result) => [.. result.GetProperty("appended").EnumerateArray().Select(a => a.GetString())];
}

public sealed class SqliteReconciliationApiTests(SqliteHost host) : ReconciliationApiTests(host), IClassFixture<SqliteHost>;

public sealed class PostgresReconciliationApiTests(PostgresHost host) : ReconciliationApiTests(host), IClassFixture<PostgresHost>;
