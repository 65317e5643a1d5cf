using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using LedgerReconcile.Api.Endpoints;
using LedgerReconcile.Api.Tests.Infrastructure;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.EventStore;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerReconcile.Api.Tests;

/// <summary>The month-end close of the whole book through the API, on a real store.</summary>
public abstract class MonthCloseTests(LedgerHost host)
{
    private const string AgentLine = "cw:19300:802:40101";

    // Last calendar month: it has ended, and its days are valid observation times.
    private static readonly DateOnly MonthStart = new DateOnly(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1).AddMonths(-1);
    private static readonly string Month = MonthStart.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static DateTimeOffset InMonth(int day) => new(MonthStart.AddDays(day - 1).ToDateTime(new TimeOnly(6, 0)), TimeSpan.Zero);

    private static SnapshotDocument Snapshot(long organizationId, DateTimeOffset observedAt, int extraAgents = 0) => SnapshotDocument.Example with
    {
        SnapshotId = $"snap-{organizationId}-{Guid.NewGuid():N}",
        OrganizationId = organizationId,
        ObservedAt = observedAt,
        Assets =
        [
            .. SnapshotDocument.Example.Assets,
            .. Enumerable.Range(1, extraAgents).Select(i => SnapshotDocument.Example.Assets[0] with { Volume = $"vol-extra-{i}", Name = $"EXTRA{i}" }),
        ],
    };

    // The example snapshot bills 2 agents once its NAS share is decided; the PSA line bills 2 at 12.50.
    private async Task<string> SettledCustomerAsync(TenantKeys t, long organizationId, bool decideShare = true)
    {
        await Expect.StatusAsync(await t.Admin.PostAsJsonAsync("/api/snapshots", Snapshot(organizationId, InMonth(10))), 200);
        var customer = $"org-{organizationId}";
        var c = $"/api/customers/{customer}";
        await Expect.StatusAsync(await t.Finance.PutAsJsonAsync($"{c}/account", new { organizationId, dattoOrganizationName = "Harbor Dental", psaKind = "ConnectWise", psaCompanyId = "19300", psaCompanyName = "Harbor Dental", agreementId = "802" }), 200);
        await Expect.StatusAsync(await t.Finance.PutAsJsonAsync($"{c}/services/PerAgent", new
        {
            psaLineId = AgentLine,
            unitRule = new { unit = "Each", @base = 1000, rounding = "Up", step = 1, includedAllowance = 0, minimum = 0 },
            unitPrice = new { amount = 12.5m, currency = "USD" },
        }), 200);
        if (decideShare)
        {
            await Expect.StatusAsync(await t.Finance.PostAsJsonAsync($"{c}/inclusions", new { assetKind = "Volume", assetId = "vol-share-scans", reason = "Customer asked" }), 200);
        }

        await host.ObservePsaAsync(t.Tenant, customer, AgentLine, 2);
        return customer;
    }

    private async Task<List<RecordedEvent>> StreamAsync(string tenant, string customer)
    {
        var events = new List<RecordedEvent>();
        await foreach (var e in host.Store.ReadStreamAsync(StreamNames.Customer(tenant, customer), ReadDirection.Forwards, StreamRevision.Start))
        {
            events.Add(e);
        }

        return events;
    }

    private async Task<Domain.Customers.CustomerState> StateAsync(string tenant, string customer)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetCustomerLedger(tenant, customer))).State;
    }

    [Fact]
    public async Task AMonthWithBlockersAnswersWithThemAndClosesNothing()
    {
        var t = await host.TenantAsync("closeblocked");
        await SettledCustomerAsync(t, 5100, decideShare: false);
        await Expect.StatusAsync(await t.Admin.PostAsJsonAsync("/api/snapshots", Snapshot(5101, InMonth(12))), 200);
        var head = await host.HeadAsync();

        var problem = await Expect.ProblemAsync(await t.Finance.PostAsJsonAsync("/api/periods", new { month = Month }), 409);

        var kinds = problem.GetProperty("blockers").EnumerateArray().Select(b => (b.GetProperty("kind").GetString(), b.GetProperty("customerKey").GetString())).ToList();
        Assert.Contains(("assets_need_decision", "org-5100"), kinds);
        Assert.Contains(("unmapped_organization", "org-5101"), kinds);
        Assert.Equal(head, await host.HeadAsync());
        var preview = await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync($"/api/periods/{Month}/blockers"));
        Assert.Equal(kinds.Count, preview.GetArrayLength());
        Assert.Empty((await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync("/api/periods"))).EnumerateArray());
    }

    [Fact]
    public async Task ClosingOverBlockersRecordsThemWithTheReasonAndTheMonthIsNeverClosedTwice()
    {
        var t = await host.TenantAsync("closeover");
        await SettledCustomerAsync(t, 5200, decideShare: false);

        var closed = await Expect.JsonAsync<JsonElement>(await t.Finance.PostAsJsonAsync("/api/periods", new { month = Month, overrideReason = "Invoices go out today; the share is decided next month" }));

        Assert.Equal((true, 1), (closed.GetProperty("closed").GetBoolean(), closed.GetProperty("customersFrozen").GetInt32()));
        Assert.Contains(closed.GetProperty("blockers").EnumerateArray(), b => b.GetProperty("kind").GetString() == "assets_need_decision");
        var listed = Assert.Single((await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync("/api/periods"))).EnumerateArray());
        Assert.Equal((Month, "Invoices go out today; the share is decided next month"), (listed.GetProperty("month").GetString(), listed.GetProperty("overrideReason").GetString()));

        var head = await host.HeadAsync();
        var again = await Expect.ProblemAsync(await t.Finance.PostAsJsonAsync("/api/periods", new { month = Month, overrideReason = "again" }), 422);
        Assert.Equal("period.already_closed", again.GetProperty("rule").GetString());
        Assert.Equal(head, await host.HeadAsync());
    }

    [Fact]
    public async Task AMonthWithoutBlockersClosesAndFreezesEachLineWithBothQuantitiesPriceAndMoney()
    {
        var t = await host.TenantAsync("closeclean");
        var customer = await SettledCustomerAsync(t, 5300);

        var closed = await Expect.JsonAsync<JsonElement>(await t.Finance.PostAsJsonAsync("/api/periods", new { month = Month }));

        Assert.Equal((true, 0), (closed.GetProperty("closed").GetBoolean(), closed.GetProperty("blockers").GetArrayLength()));
        var period = (await StateAsync(t.Tenant, customer)).FrozenPeriods[Month];
        var agents = period.Lines[new ServiceLine(BillableService.PerAgent)];
        Assert.Equal((2m, (decimal?)2m, (decimal?)25m, (decimal?)25m), (agents.DattoQuantity, agents.PsaQuantity, agents.BilledAmount, agents.BillableAmount));
        Assert.Equal((MonthStart, MonthStart.AddMonths(1).AddDays(-1)), (period.Start, period.End));
    }

    [Fact]
    public async Task ALateSnapshotAfterTheCloseYieldsExactlyOneAdjustmentNamingIt()
    {
        var t = await host.TenantAsync("closelate");
        var customer = await SettledCustomerAsync(t, 5400);
        await Expect.JsonAsync<JsonElement>(await t.Finance.PostAsJsonAsync("/api/periods", new { month = Month }));

        // Datto's last sync of the month arrives late: one more agent was protected on the 28th.
        var late = await Expect.JsonAsync<JsonElement>(await t.Admin.PostAsJsonAsync("/api/snapshots", Snapshot(5400, InMonth(28), extraAgents: 1)));
        // Usage of this month changes nothing in the closed one.
        await Expect.StatusAsync(await t.Admin.PostAsJsonAsync("/api/snapshots", Snapshot(5400, DateTimeOffset.UtcNow.AddMinutes(-1), extraAgents: 3)), 200);

        var events = await StreamAsync(t.Tenant, customer);
        var adjustment = Assert.Single(events, e => e.Type == "customer.frozen_period_adjusted.v1");
        var lateEvent = events.Single(e => e.Revision == late.GetProperty("revision").GetInt64());
        using var body = JsonDocument.Parse(adjustment.Data);
        Assert.Equal((2m, 3m, 12.5m), (body.RootElement.GetProperty("from").GetDecimal(), body.RootElement.GetProperty("to").GetDecimal(), body.RootElement.GetProperty("moneyDelta").GetDecimal()));
        Assert.Equal([lateEvent.EventId.ToString()], body.RootElement.GetProperty("causeEventIds").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(3m, (await StateAsync(t.Tenant, customer)).FrozenPeriods[Month].Lines[new ServiceLine(BillableService.PerAgent)].DattoQuantity);
        Assert.Single(events, e => e.Type == "customer.billing_period_frozen.v1");

        // The month's export shows the line as frozen at the close and as it stands after the adjustment.
        var rows = await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync($"/api/periods/{Month}/export?format=json"));
        var agents = rows.EnumerateArray().Single(r => r.GetProperty("service").GetString() == "PerAgent");
        Assert.Equal((customer, 2m, 3m, 1m, 2m), (
            agents.GetProperty("customer_key").GetString(), agents.GetProperty("datto_quantity_at_close").GetDecimal(), agents.GetProperty("datto_quantity_now").GetDecimal(),
            agents.GetProperty("adjustment").GetDecimal(), agents.GetProperty("psa_quantity_at_cut_off").GetDecimal()));
        var csv = await t.Finance.GetAsync($"/api/periods/{Month}/export");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("customer_key,month,period_start,period_end,cut_off,service", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMonthNotClosedHasNoExportAndABadMonthIsRefused()
    {
        var t = await host.TenantAsync("closeexport");
        await Expect.ProblemAsync(await t.Auditor.GetAsync($"/api/periods/{Month}/export"), 404);
        await Expect.ProblemAsync(await t.Auditor.GetAsync("/api/periods/2026-13/export"), 400);
        await Expect.ProblemAsync(await t.Auditor.GetAsync($"/api/periods/{Month}/export?format=xml"), 400);
    }

    [Theory]
    [InlineData("{\"month\":\"2026-13\"}")]
    [InlineData("{\"month\":\"Nov 2026\"}")]
    [InlineData("{\"month\":\"\"}")]
    [InlineData("{}")]
    [InlineData("{\"month\":\"2026-10\",\"cutOff\":\"2026-10-15T00:00:00Z\"}")]
    [InlineData("{\"month\":\"2026-10\",\"cutOff\":\"2099-01-01T00:00:00Z\"}")]
    [InlineData("{\"month\":\"2026-10\",\"overrideReason\":\"\"}")]
    [InlineData("{\"month\":\"2099-01\"}")]
    public async Task BadCloseRequestsAreRefusedAndAppendNothing(string body)
    {
        var t = await host.TenantAsync("closebad");
        await SettledCustomerAsync(t, 5500, decideShare: false);
        var head = await host.HeadAsync();

        var response = await t.Finance.PostAsync("/api/periods", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.InRange((int)response.StatusCode, 400, 422);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(head, await host.HeadAsync());
    }

    [Fact]
    public async Task AnAuditorCannotCloseAMonth()
    {
        var t = await host.TenantAsync("closerole");
        await Expect.StatusAsync(await t.Auditor.PostAsJsonAsync("/api/periods", new { month = Month }), 403);
        await Expect.ProblemAsync(await t.Auditor.GetAsync("/api/periods/2026-13/blockers"), 400);
    }
}

public sealed class SqliteMonthCloseTests(SqliteHost host) : MonthCloseTests(host), IClassFixture<SqliteHost>;

public sealed class PostgresMonthCloseTests(PostgresHost host) : MonthCloseTests(host), IClassFixture<PostgresHost>;
