using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LedgerReconcile.Api.Tests.Infrastructure;
using LedgerReconcile.Domain;
using LedgerReconcile.Simulators.Datto;

namespace LedgerReconcile.Api.Tests;

/// <summary>Every endpoint doing its job, in the order an MSP would use them, on a real store.</summary>
public abstract class WorkflowTests(LedgerHost host)
{
    private const string AgentLine = "cw:19300:802:40101";
    private const string StorageLine = "cw:19300:802:40103";

    [Fact]
    public async Task AFullReconciliationCycleThroughTheApi()
    {
        var t = await host.TenantAsync("cycle");
        var before = DateTimeOffset.UtcNow.AddDays(-1);
        var customer = await LedgerHost.IngestAsync(t, 4100);
        var c = $"/api/customers/{customer}";

        // Read the customer; its ETag guards the first write.
        var read = await t.Finance.GetAsync(c);
        var view = await Expect.JsonAsync<JsonElement>(read);
        Assert.Equal(1, view.GetProperty("usage").GetProperty("devices").GetInt32());
        var etag = read.Headers.ETag!.Tag;

        var map = new HttpRequestMessage(HttpMethod.Put, $"{c}/account")
        {
            Content = JsonContent.Create(new { organizationId = 4100, dattoOrganizationName = "Harbor Dental 0001 LLC", psaKind = "ConnectWise", psaCompanyId = "19300", psaCompanyName = "Harbor Dental", agreementId = "802" }),
        };
        map.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        var mapped = await t.Finance.SendAsync(map);
        Assert.Contains("customer.account_mapped.v1", (await Expect.JsonAsync<JsonElement>(mapped)).GetProperty("appended").EnumerateArray().Select(a => a.GetString()));
        Assert.NotEqual(etag, mapped.Headers.ETag!.Tag);

        await Expect.StatusAsync(await t.Finance.PutAsJsonAsync($"{c}/services/PerAgent", new
        {
            psaLineId = AgentLine,
            unitRule = new { unit = "Each", @base = 1000, rounding = "Up", step = 1, includedAllowance = 0, minimum = 0 },
            unitPrice = new { amount = 12.5m, currency = "USD" },
        }), 200);
        await Expect.StatusAsync(await t.Finance.PutAsJsonAsync($"{c}/services/OffsiteStorage", new
        {
            psaLineId = StorageLine,
            unitRule = new { unit = "Terabyte", @base = 1024, rounding = "Up", step = 0.5m, includedAllowance = 0, minimum = 0 },
        }), 200);
        await Expect.StatusAsync(await t.Finance.PutAsJsonAsync($"{c}/services/PerDevice", new { psaLineId = "cw:19300:802:40100", unitRule = new { unit = "Each", @base = 1000, rounding = "Up", step = 1, includedAllowance = 0, minimum = 0 } }), 200);
        await Expect.StatusAsync(await t.Finance.PostAsJsonAsync($"{c}/services/PerDevice/unmap", new { reason = "Appliance billed in the bundle" }), 200);

        // One agent counts; the NAS share waits for a decision under the default policy.
        Assert.Equal(1m, await QuantityAsync(t, c, "PerAgent"));
        await Expect.StatusAsync(await t.Finance.PostAsJsonAsync($"{c}/inclusions", new { assetKind = "Volume", assetId = "vol-share-scans", reason = "Customer asked" }), 200);
        Assert.Equal(2m, await QuantityAsync(t, c, "PerAgent"));
        await Expect.StatusAsync(await t.Finance.PostAsJsonAsync($"{c}/ignores", new { assetKind = "Volume", assetId = "vol-dc01", reason = "Our monitoring server" }), 200);
        Assert.Equal(1m, await QuantityAsync(t, c, "PerAgent"));
        await Expect.StatusAsync(await t.Finance.PostAsJsonAsync($"{c}/ignores/revoke", new { assetKind = "Volume", assetId = "vol-dc01", reason = "Billable after all" }), 200);
        await Expect.StatusAsync(await t.Finance.PostAsJsonAsync($"{c}/inclusions/revoke", new { assetKind = "Volume", assetId = "vol-share-scans", reason = "Policy decides" }), 200);
        Assert.Equal(1m, await QuantityAsync(t, c, "PerAgent"));
        await Expect.StatusAsync(await t.Finance.PutAsJsonAsync($"{c}/policies/NasShares", new { choice = "Count", reason = "Contract counts shares as agents" }), 200);
        Assert.Equal(2m, await QuantityAsync(t, c, "PerAgent"));
        var afterPolicy = DateTimeOffset.UtcNow;

        // Tenant settings are the admin's.
        await Expect.StatusAsync(await t.Admin.PutAsJsonAsync("/api/tenant/policies/PausedAgents", new { choice = "Exclude", reason = "Standard terms" }), 200);
        var settings = await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync("/api/tenant"));
        Assert.Contains(settings.GetProperty("policies").EnumerateArray(), p => p.GetProperty("policy").GetString() == "PausedAgents" && p.GetProperty("source").GetString() == "Tenant");

        // Point in time: before the snapshot nothing was billable; as known before the policy, the share did not count.
        var past = await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync($"{c}/billable?asOf={Uri.EscapeDataString(before.ToString("O"))}"));
        Assert.All(past.GetProperty("services").EnumerateArray(), s => Assert.Equal(0m, s.GetProperty("quantity").GetDecimal()));
        Assert.Equal(2m, await QuantityAsync(t, c, "PerAgent", $"?knownAt={Uri.EscapeDataString(afterPolicy.ToString("O"))}"));

        // The PSA bills 0 agents and 5 TB: propose, approve one, reject the other.
        await host.ObservePsaAsync(t.Tenant, customer, AgentLine, 0);
        await host.ObservePsaAsync(t.Tenant, customer, StorageLine, 5);
        var agents = await Expect.JsonAsync<JsonElement>(await t.Finance.PostAsJsonAsync($"{c}/proposals", new { service = "PerAgent" }));
        var storage = await Expect.JsonAsync<JsonElement>(await t.Finance.PostAsJsonAsync($"{c}/proposals", new { service = "OffsiteStorage" }));
        await Expect.StatusAsync(await t.Finance.PostAsJsonAsync($"{c}/proposals/{agents.GetProperty("proposalId").GetString()}/approve", new { note = "Two agents now" }), 200);
        await Expect.StatusAsync(await t.Finance.PostAsJsonAsync($"{c}/proposals/{storage.GetProperty("proposalId").GetString()}/reject", new { reason = "Storage disputed" }), 200);
        var proposals = (await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync(c))).GetProperty("proposals").EnumerateArray().Select(p => p.GetProperty("status").GetString()).Order().ToList();
        Assert.Equal(["Approved", "Rejected"], proposals);
        // Without a date a single approval takes effect as a bulk one does: the 1st of next month (MSPs bill in advance).
        var approved = (await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync("/api/proposals?status=Approved"))).EnumerateArray().Single();
        var effective = DateOnly.Parse(approved.GetProperty("effectiveDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(effective, new[] { DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow }.Select(d => new DateOnly(d.Year, d.Month, 1).AddMonths(1)));

        // The dry run shows the approved change and sends nothing; without PSA credentials the pass writes nothing: all it
        // appends is its own run in the sync-run log (ADR 26).
        var plan = await Expect.JsonAsync<JsonElement>(await t.Finance.GetAsync("/api/integrations/psa/write-back/plan?readPsa=false"));
        Assert.Equal(agents.GetProperty("proposalId").GetString(), plan.EnumerateArray().Single().GetProperty("proposalId").GetString());
        var headBeforePass = await host.HeadAsync();
        var pass = await Expect.JsonAsync<JsonElement>(await t.Admin.PostAsync("/api/integrations/psa/write-back", null));
        Assert.Equal(t.Tenant, pass.GetProperty("tenant").GetString());
        Assert.DoesNotContain(pass.GetProperty("steps").EnumerateArray(), s => s.GetProperty("action").GetString() == "Written");
        var appended = new List<string>();
        await foreach (var recorded in host.Store.ReadAllAsync(headBeforePass))
        {
            appended.Add($"{recorded.Stream} {recorded.Type}");
        }

        Assert.Equal([$"{StreamNames.SyncRuns(t.Tenant)} syncrun.started.v1", $"{StreamNames.SyncRuns(t.Tenant)} syncrun.write_back_completed.v1"], appended);

        // Close the books and correct them.
        await Expect.StatusAsync(await t.Finance.PostAsJsonAsync($"{c}/periods", new
        {
            periodId = "2026-10", periodStart = "2026-10-01", periodEnd = "2026-10-31",
            lines = new[] { new { service = "PerAgent", psaLineId = AgentLine, quantity = 2, unitPrice = new { amount = 12.5m, currency = "USD" } } },
        }), 200);
        await Expect.StatusAsync(await t.Finance.PostAsJsonAsync($"{c}/periods/2026-10/adjustments", new { service = "PerAgent", quantity = 3, cause = "Late snapshot" }), 200);

        // A rename on the Datto side is drift, acknowledged by finance.
        await LedgerHost.IngestAsync(t, 4100, "Harbor Dental Group");
        var drift = (await Expect.JsonAsync<JsonElement>(await t.Finance.GetAsync(c))).GetProperty("drifts").EnumerateArray().Single();
        await Expect.StatusAsync(await t.Finance.PostAsJsonAsync($"{c}/drifts/{drift.GetProperty("driftId").GetString()}/acknowledge", new { note = "Same company" }), 200);

        // An organization nobody mapped yet.
        await LedgerHost.IngestAsync(t, 4200, "Cedar Legal");
        await host.CatchUpAsync();

        var unmapped = await Expect.JsonAsync<JsonElement>(await t.Finance.GetAsync("/api/unmapped"));
        Assert.Equal(["org-4200"], unmapped.EnumerateArray().Select(u => u.GetProperty("customerKey").GetString()));
        var attention = await Expect.JsonAsync<JsonElement>(await t.Finance.GetAsync("/api/attention"));
        Assert.True(attention.GetArrayLength() >= 1);
        var customers = await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync("/api/customers"));
        Assert.Equal(2, customers.GetArrayLength());
        var lines = await Expect.JsonAsync<JsonElement>(await t.Finance.GetAsync($"{c}/lines"));
        Assert.Contains(lines.EnumerateArray(), l => l.GetProperty("service").GetString() == "PerAgent");
        var discrepancies = await Expect.JsonAsync<JsonElement>(await t.Finance.GetAsync("/api/discrepancies"));
        Assert.NotEqual(0, discrepancies.GetArrayLength());
        Assert.All(discrepancies.EnumerateArray(), d => Assert.NotEqual("InSync", d.GetProperty("status").GetString()));
        var underBilled = await Expect.JsonAsync<JsonElement>(await t.Finance.GetAsync("/api/discrepancies?status=UnderBilled,OverBilled&service=PerAgent"));
        Assert.All(underBilled.EnumerateArray(), d => Assert.Equal("PerAgent", d.GetProperty("service").GetString()));

        var history = await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync($"{c}/history?limit=500"));
        Assert.True(history.GetProperty("entries").GetArrayLength() > 10);
        var ignores = await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync($"{c}/history?kind=asset_ignored"));
        var ignored = Assert.Single(ignores.GetProperty("entries").EnumerateArray());
        Assert.Equal("Our monitoring server", ignored.GetProperty("why").GetString());
        var paged = await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync($"{c}/history?limit=2"));
        Assert.Equal(2, paged.GetProperty("entries").GetArrayLength());
        Assert.True(paged.GetProperty("more").GetBoolean());
        var next = await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync($"{c}/history?limit=2&after={paged.GetProperty("nextAfter").GetInt64()}"));
        Assert.True(next.GetProperty("entries")[0].GetProperty("position").GetInt64() > paged.GetProperty("nextAfter").GetInt64() - 1);
        var none = await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync($"{c}/history?recordedTo={Uri.EscapeDataString(before.ToString("O"))}"));
        Assert.Equal(0, none.GetProperty("entries").GetArrayLength());

        var explained = await Expect.JsonAsync<JsonElement>(await t.Finance.GetAsync(
            $"{c}/explain?service=PerAgent&from={Uri.EscapeDataString(before.ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}"));
        Assert.Equal(0m, explained.GetProperty("quantityFrom").GetDecimal());
        Assert.Equal(2m, explained.GetProperty("quantityTo").GetDecimal());
        Assert.NotEqual(0, explained.GetProperty("causes").GetArrayLength());

        var periods = await Expect.JsonAsync<JsonElement>(await t.Finance.GetAsync($"{c}/periods"));
        Assert.Equal("2026-10", periods.EnumerateArray().Single().GetProperty("periodId").GetString());
        var period = await Expect.JsonAsync<JsonElement>(await t.Finance.GetAsync($"{c}/periods/2026-10"));
        Assert.Equal(3m, period.GetProperty("current").EnumerateArray().Single().GetProperty("quantity").GetDecimal());
        await Expect.ProblemAsync(await t.Finance.GetAsync($"{c}/periods/2026-11"), 404);

        // Auditors read the raw feed and the stream, page by page, and verify the chain.
        var feed = await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync("/api/events?limit=5"));
        Assert.Equal(5, feed.GetProperty("events").GetArrayLength());
        var rest = await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync($"/api/events?after={feed.GetProperty("next").GetInt64()}&limit=1000"));
        var positions = feed.GetProperty("events").EnumerateArray().Concat(rest.GetProperty("events").EnumerateArray()).Select(e => e.GetProperty("position").GetInt64()).ToList();
        Assert.Equal(positions.Order().Distinct(), positions);
        var stream = await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync($"{c}/events?limit=1000"));
        Assert.Equal(Enumerable.Range(0, stream.GetProperty("events").GetArrayLength()).Select(i => (long)i), stream.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("revision").GetInt64()));
        Assert.Equal("customer.usage_snapshot_recorded.v1", stream.GetProperty("events")[0].GetProperty("type").GetString());
        Assert.True((await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync("/api/verify"))).GetProperty("intact").GetBoolean());
        var verified = await Expect.JsonAsync<JsonElement>(await t.Finance.GetAsync($"{c}/verify"));
        Assert.True(verified.GetProperty("intact").GetBoolean());
        Assert.Equal(stream.GetProperty("events").GetArrayLength(), verified.GetProperty("eventsChecked").GetInt64());

        var status = await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync("/api/projections"));
        Assert.Equal(["billing", "webhook_deliveries"], status.EnumerateArray().Select(p => p.GetProperty("projection").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AdminsIssueListAndRevokeKeysThatAreShownOnce()
    {
        var t = await host.TenantAsync("keys");
        var created = await Expect.JsonAsync<JsonElement>(await t.Admin.PostAsJsonAsync("/api/keys", new { role = "finance", label = "Dana" }), 201);
        var key = created.GetProperty("key").GetString()!;
        var keyId = created.GetProperty("keyId").GetString()!;
        Assert.StartsWith($"lr_{keyId}_", key, StringComparison.Ordinal);

        var listed = await t.Admin.GetStringAsync("/api/keys");
        Assert.Contains(keyId, listed, StringComparison.Ordinal);
        // The secret is base64url and may itself contain '_', so it is everything after the key id.
        Assert.DoesNotContain(key[$"lr_{keyId}_".Length..], listed, StringComparison.Ordinal);
        await Expect.StatusAsync(await host.Client(key).GetAsync("/api/tenant"), 200);

        await Expect.StatusAsync(await t.Admin.DeleteAsync($"/api/keys/{keyId}"), 204);
        await Expect.ProblemAsync(await t.Admin.DeleteAsync("/api/keys/00000000000000aa"), 404);
        var revoked = (await Expect.JsonAsync<JsonElement>(await t.Admin.GetAsync("/api/keys"))).EnumerateArray().Single(k => k.GetProperty("keyId").GetString() == keyId);
        Assert.True(revoked.GetProperty("revoked").GetBoolean());
        await Expect.ValidationAsync(await t.Admin.PostAsJsonAsync("/api/keys", new { role = "superuser" }), "role");
    }

    [Fact]
    public async Task CredentialsAreTestedAndUsedForADattoSync()
    {
        await using var datto = await DattoSimulator.StartAsync(new DattoSimulatorOptions { OrganizationCount = 3, DevicesPerOrganization = 1, SaasDomainsPerOrganization = 0 });
        var t = await host.TenantAsync("sync");
        await Expect.ProblemAsync(await t.Admin.GetAsync("/api/integrations/datto/credentials"), 404);

        var wrong = await Expect.JsonAsync<JsonElement>(await t.Admin.PutAsJsonAsync("/api/integrations/datto/credentials",
            new { publicKey = datto.Options.PublicKey, secretKey = "wrong-secret", baseAddress = datto.BaseAddress.AbsoluteUri }));
        var refused = await Expect.JsonAsync<JsonElement>(await t.Admin.PostAsync("/api/integrations/datto/test", null));
        Assert.False(refused.GetProperty("ok").GetBoolean());
        Assert.Equal("InvalidKeyPair", refused.GetProperty("problem").GetString());

        var right = await Expect.JsonAsync<JsonElement>(await t.Admin.PutAsJsonAsync("/api/integrations/datto/credentials",
            new { publicKey = datto.Options.PublicKey, secretKey = datto.Options.SecretKey, baseAddress = datto.BaseAddress.AbsoluteUri }));
        Assert.NotEqual(wrong.GetProperty("fingerprint").GetString(), right.GetProperty("fingerprint").GetString());
        var stamp = await Expect.JsonAsync<JsonElement>(await t.Admin.GetAsync("/api/integrations/datto/credentials"));
        Assert.Equal(right.GetProperty("fingerprint").GetString(), stamp.GetProperty("fingerprint").GetString());
        Assert.True((await Expect.JsonAsync<JsonElement>(await t.Admin.PostAsync("/api/integrations/datto/test", null))).GetProperty("ok").GetBoolean());

        var sync = await Expect.JsonAsync<JsonElement>(await t.Admin.PostAsync("/api/integrations/datto/sync", null));
        Assert.Equal("Completed", sync.GetProperty("outcome").GetString());
        Assert.Equal(3, sync.GetProperty("counts").GetProperty("organizations").GetInt32());
        var runs = await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync("/api/sync-runs"));
        Assert.Equal(sync.GetProperty("runId").GetString(), runs.EnumerateArray().Single().GetProperty("runId").GetString());
        await host.CatchUpAsync();
        Assert.Equal(3, (await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync("/api/customers"))).GetArrayLength());

        // The change of credentials is an event an auditor sees, with the fingerprint only.
        var feed = await t.Auditor.GetStringAsync("/api/events?limit=1000");
        Assert.Contains("system.credentials_changed.v1", feed, StringComparison.Ordinal);
        Assert.Contains(right.GetProperty("fingerprint").GetString()!, feed, StringComparison.Ordinal);
        await Expect.ValidationAsync(await t.Admin.PutAsJsonAsync("/api/integrations/connectwise/credentials", new { publicKey = "x" }), "companyId");
        await Expect.ProblemAsync(await t.Admin.PutAsJsonAsync("/api/integrations/quickbooks/credentials", new { key = "x" }), 404);
    }

    private static async Task<decimal> QuantityAsync(TenantKeys t, string customer, string service, string query = "")
    {
        var state = await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync($"{customer}/billable{query}"));
        return state.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("service").GetString() == service).GetProperty("quantity").GetDecimal();
    }
}

public sealed class SqliteWorkflowTests(SqliteHost host) : WorkflowTests(host), IClassFixture<SqliteHost>;

public sealed class PostgresWorkflowTests(PostgresHost host) : WorkflowTests(host), IClassFixture<PostgresHost>;
