using System.Net.Http.Json;
using System.Text.Json;
using LedgerReconcile.Api.Endpoints;
using LedgerReconcile.Api.Tests.Infrastructure;
using LedgerReconcile.Application.Customers;

namespace LedgerReconcile.Api.Tests;

/// <summary>A line addition that cannot be proposed or decided is a ProblemDetails or a refused item, and nothing is appended.</summary>
public abstract class NewRevenueBadInputTests(LedgerHost host)
{
    // Harbor Dental (the snapshot example): one device, one agent, a NAS share waiting for a decision; mapped to ConnectWise.
    private async Task<(TenantKeys Tenant, string Customer)> MappedCustomerAsync(string hint)
    {
        var t = await host.TenantAsync(hint);
        var customer = await LedgerHost.IngestAsync(t, 4100);
        await Expect.StatusAsync(await t.Finance.PutAsJsonAsync($"/api/customers/{customer}/account",
            new MapAccountRequest(4100, "Harbor Dental", "ConnectWise", "19300", "Harbor Dental", "801", null), LedgerHost.Json), 200);
        await Expect.StatusAsync(await t.Finance.PutAsJsonAsync($"/api/customers/{customer}/services/PerAgent",
            new MapServiceRequest(null, "cw:19300:801:40001", UnitRuleInput.Each, new PriceInput(12m, "USD"), null), LedgerHost.Json), 200);
        await Expect.StatusAsync(await t.Admin.PutAsJsonAsync("/api/tenant/service-templates/ConnectWise/9502",
            new ServiceTemplateRequest("PerDevice", null, UnitRuleInput.Each, new PriceInput(6.5m, "USD")), LedgerHost.Json), 200);
        return (t, customer);
    }

    private static Task<HttpResponseMessage> ProposeAsync(TenantKeys t, string customer, object body) =>
        t.Finance.PostAsJsonAsync($"/api/customers/{customer}/line-additions", body);

    [Fact]
    public async Task AnAdditionThatBreaksARuleIsAProblemWithItsRuleAndAppendsNothing()
    {
        var (t, customer) = await MappedCustomerAsync("revenue-rules");
        var head = await host.HeadAsync();

        await Expect.ProblemAsync(await ProposeAsync(t, "org-999999", new { service = "PerDevice" }), 404);
        Assert.Equal("line_addition.service_mapped", (await Expect.ProblemAsync(await ProposeAsync(t, customer, new { service = "PerAgent" }), 409)).GetProperty("rule").GetString());
        Assert.Equal("line_addition.not_billable", (await Expect.ProblemAsync(await ProposeAsync(t, customer, new { service = "NasShares" }), 422)).GetProperty("rule").GetString());
        Assert.Equal("line_addition.no_template", (await Expect.ProblemAsync(await ProposeAsync(t, customer, new { service = "EndpointBackup" }), 422)).GetProperty("rule").GetString());
        Assert.Equal("line_addition.unknown_product", (await Expect.ProblemAsync(await ProposeAsync(t, customer, new { service = "PerDevice", productId = "4242" }), 422)).GetProperty("rule").GetString());

        Assert.Equal(head, await host.HeadAsync());
    }

    [Fact]
    public async Task AMalformedAdditionIsA400NamingTheFieldAndAppendsNothing()
    {
        var (t, customer) = await MappedCustomerAsync("revenue-shape");
        var head = await host.HeadAsync();

        await Expect.ValidationAsync(await ProposeAsync(t, customer, new { service = "PerDevice", quantity = 0 }), "quantity");
        await Expect.ValidationAsync(await ProposeAsync(t, customer, new { service = "PerDevice", quantity = -2 }), "quantity");
        await Expect.ValidationAsync(await ProposeAsync(t, customer, new { service = "Bogus" }), "service");
        await Expect.ValidationAsync(await ProposeAsync(t, customer, new { service = "PerDevice", productId = "not-a-number" }), "productId");
        await Expect.ValidationAsync(await t.Finance.GetAsync("/api/reports/new-revenue?psa=Kaseya"), "filter.psa");

        Assert.Equal(head, await host.HeadAsync());
    }

    [Fact]
    public async Task AnAdditionIsListedDefaultsToTheFirstOfNextMonthAndIsDecidedByIdWhileUnknownIdsAreRefused()
    {
        var (t, customer) = await MappedCustomerAsync("revenue-decide");
        var proposed = await Expect.JsonAsync<JsonElement>(await ProposeAsync(t, customer, new { service = "PerDevice" }));
        var proposalId = proposed.GetProperty("proposalId").GetGuid();
        var listed = Assert.Single((await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync($"/api/reports/new-revenue?customer={customer}&service=PerDevice"))).EnumerateArray().ToList());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Equal(
            ("Pending", 1m, new DateOnly(today.Year, today.Month, 1).AddMonths(1), 6.5m),
            (listed.GetProperty("addition").GetProperty("status").GetString(), listed.GetProperty("addition").GetProperty("quantity").GetDecimal(),
                DateOnly.Parse(listed.GetProperty("addition").GetProperty("effectiveDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                listed.GetProperty("monthlyAmount").GetDecimal()));
        await Expect.ProblemAsync(await ProposeAsync(t, customer, new { service = "PerDevice" }), 409);
        var head = await host.HeadAsync();

        var unknown = Guid.CreateVersion7();
        var dismissed = await Expect.JsonAsync<JsonElement>(await t.Finance.PostAsJsonAsync("/api/proposals/decisions",
            new { decision = "Dismiss", proposalIds = new[] { proposalId, unknown }, reason = "not this month" }));
        Assert.Equal(
            ["line_addition.not_dismissable", "proposal.unknown"],
            dismissed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()));
        Assert.Equal(0, dismissed.GetProperty("applied").GetInt32());
        Assert.Equal(head, await host.HeadAsync());

        var rejected = await Expect.JsonAsync<JsonElement>(await t.Finance.PostAsJsonAsync("/api/proposals/decisions",
            new { decision = "Reject", proposalIds = new[] { unknown, proposalId }, reason = "billed in the bundle" }));
        var items = rejected.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(("Refused", "Applied"), (items[0].GetProperty("outcome").GetString(), items[1].GetProperty("outcome").GetString()));
        Assert.Equal(["customer.line_addition_rejected.v1"], items[1].GetProperty("appended").EnumerateArray().Select(e => e.GetString()));
        var approveRejected = await Expect.JsonAsync<JsonElement>(await t.Finance.PostAsJsonAsync("/api/proposals/decisions",
            new { decision = "Approve", proposalIds = new[] { proposalId } }));
        Assert.Equal("proposal.not_pending", Assert.Single(approveRejected.GetProperty("items").EnumerateArray().ToList()).GetProperty("code").GetString());
    }
}

public sealed class SqliteNewRevenueBadInputTests(SqliteHost host) : NewRevenueBadInputTests(host), IClassFixture<SqliteHost>;

public sealed class PostgresNewRevenueBadInputTests(PostgresHost host) : NewRevenueBadInputTests(host), IClassFixture<PostgresHost>;
