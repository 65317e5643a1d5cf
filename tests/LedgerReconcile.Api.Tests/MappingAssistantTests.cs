using System.Net.Http.Json;
using System.Text.Json;
using LedgerReconcile.Api.Tests.Infrastructure;
using LedgerReconcile.Domain;
using LedgerReconcile.Simulators.Psa.ConnectWise;
using LedgerReconcile.Simulators.Psa.Halo;

namespace LedgerReconcile.Api.Tests;

/// <summary>The ConnectWise and Halo simulators over real HTTP, shared by the tests of a class.</summary>
public sealed class PsaSimulators : IAsyncLifetime
{
    public ConnectWiseSimulator ConnectWise { get; private set; } = null!;

    public HaloSimulator Halo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectWise = await ConnectWiseSimulator.StartAsync();
        Halo = await HaloSimulator.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await ConnectWise.DisposeAsync();
        await Halo.DisposeAsync();
    }

    /// <summary>Stores the simulators' credentials for the tenant, as its admin would; a wrong ConnectWise key when asked.</summary>
    public async Task ConnectAsync(TenantKeys tenant, bool wrongConnectWiseKey = false)
    {
        var cw = new ConnectWiseSimulatorOptions();
        await Expect.StatusAsync(await tenant.Admin.PutAsJsonAsync("/api/integrations/connectwise/credentials", new
        {
            baseAddress = ConnectWise.ApiBase.ToString(),
            companyId = cw.CompanyId,
            publicKey = cw.PublicKey,
            privateKey = wrongConnectWiseKey ? "not-the-key" : cw.PrivateKey,
            clientId = cw.ClientId,
        }), 200);
        var halo = new HaloSimulatorOptions();
        await Expect.StatusAsync(await tenant.Admin.PutAsJsonAsync("/api/integrations/halopsa/credentials", new
        {
            baseAddress = Halo.BaseAddress.ToString(),
            clientId = halo.ClientId,
            clientSecret = halo.ClientSecret,
        }), 200);
    }
}

/// <summary>The mapping assistant through the API: browse two real PSA simulators, suggestions, bulk confirmation, templates.</summary>
public abstract class MappingAssistantTests(LedgerHost host, PsaSimulators psa)
{
    private const string Cw = "/api/psa/ConnectWise/companies";

    private async Task<TenantKeys> ConnectedTenantAsync(string hint)
    {
        var t = await host.TenantAsync(hint);
        await psa.ConnectAsync(t);
        return t;
    }

    private static async Task<JsonElement[]> ListAsync(HttpClient client, string url) =>
        [.. (await Expect.JsonAsync<JsonElement>(await client.GetAsync(url))).EnumerateArray()];

    [Fact]
    public async Task ConnectWiseIsBrowsedDownToTheLineReferenceToMap()
    {
        var t = await ConnectedTenantAsync("browse-cw");

        var companies = await ListAsync(t.Finance, $"{Cw}?search=acme");
        var acme = Assert.Single(companies);
        Assert.Equal(("19300", "Acme Dental", true), (acme.GetProperty("id").GetString(), acme.GetProperty("name").GetString(), acme.GetProperty("active").GetBoolean()));
        Assert.Contains(await ListAsync(t.Admin, Cw), c => c.GetProperty("name").GetString() == "Initrode (closed)" && !c.GetProperty("active").GetBoolean());

        var agreements = await ListAsync(t.Finance, $"{Cw}/19300/agreements");
        Assert.Contains(agreements, a => a.GetProperty("id").GetString() == "801" && a.GetProperty("active").GetBoolean());
        Assert.Contains(agreements, a => a.GetProperty("id").GetString() == "803" && !a.GetProperty("active").GetBoolean());

        var lines = await ListAsync(t.Finance, $"{Cw}/19300/agreements/801/lines");
        var m365 = lines.Single(l => l.GetProperty("lineRef").GetString() == "cw:19300:801:40001");
        Assert.Equal(("9001", 12m, 22m, true, "Active"), (
            m365.GetProperty("productId").GetString(), m365.GetProperty("quantity").GetDecimal(), m365.GetProperty("unitPrice").GetDecimal(),
            m365.GetProperty("billable").GetBoolean(), m365.GetProperty("status").GetString()));
        Assert.Contains(lines, l => l.GetProperty("status").GetString() == "Cancelled");

        var initech = await ListAsync(t.Finance, $"{Cw}/19302/agreements/806/lines");
        Assert.Contains(initech, l => l.GetProperty("productId").GetString() == "9002" && !l.GetProperty("billable").GetBoolean());
    }

    [Fact]
    public async Task HaloIsBrowsedThroughTheSameEndpoints()
    {
        var t = await ConnectedTenantAsync("browse-halo");

        var acme = Assert.Single(await ListAsync(t.Finance, "/api/psa/HaloPsa/companies?search=Acme"));
        Assert.Equal("12", acme.GetProperty("id").GetString());
        var agreements = await ListAsync(t.Finance, "/api/psa/HaloPsa/companies/12/agreements");
        Assert.Contains(agreements, a => a.GetProperty("id").GetString() == "-94");
        var lines = await ListAsync(t.Finance, "/api/psa/HaloPsa/companies/12/agreements/-94/lines");
        Assert.Contains(lines, l => l.GetProperty("productId").GetString() == "501" && l.GetProperty("quantity").GetDecimal() == 12m);
        Assert.All(lines, l => Assert.StartsWith("halo:", l.GetProperty("lineRef").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task BrowsingWithoutCredentialsOrWithRefusedCredentialsSaysWhy()
    {
        var t = await ConnectedTenantAsync("browse-fail");
        var notConnected = await Expect.ProblemAsync(await t.Finance.GetAsync("/api/psa/Syncro/companies"), 409);
        Assert.Contains("/api/integrations/syncro/credentials", notConnected.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var refused = await host.TenantAsync("browse-refused");
        await psa.ConnectAsync(refused, wrongConnectWiseKey: true);
        var problem = await Expect.ProblemAsync(await refused.Finance.GetAsync(Cw), 502);
        Assert.Contains("credentials", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadIdsAreRefusedAndUnknownOnesFoundEmptyOrMissing()
    {
        var t = await ConnectedTenantAsync("browse-bad");

        await Expect.ValidationAsync(await t.Finance.GetAsync("/api/psa/Kaseya/companies"), "psa");
        await Expect.ValidationAsync(await t.Finance.GetAsync($"{Cw}/abc/agreements"), "companyId");
        await Expect.ValidationAsync(await t.Finance.GetAsync($"{Cw}/19300/agreements/0801/lines"), "agreementId");
        await Expect.ValidationAsync(await t.Finance.GetAsync($"{Cw}?search=%01"), "search");
        Assert.Empty(await ListAsync(t.Finance, $"{Cw}?search=no-such-company"));
        Assert.Empty(await ListAsync(t.Finance, $"{Cw}/999999/agreements"));
        await Expect.ProblemAsync(await t.Finance.GetAsync($"{Cw}/19300/agreements/804/lines"), 404);
    }

    [Fact]
    public async Task SuggestionsPairEveryUnmappedOrganizationWithTheMostAlikeCompanies()
    {
        var t = await ConnectedTenantAsync("suggest");
        await LedgerHost.IngestAsync(t, 4100, "Acme Dental, LLC");
        await LedgerHost.IngestAsync(t, 4101, "GLOBEX LOGISTICS INC.");
        await LedgerHost.IngestAsync(t, 4102, "Zeta Partners");

        var suggestions = await Expect.JsonAsync<JsonElement>(await t.Finance.GetAsync("/api/mapping/suggestions?psa=ConnectWise"));

        Assert.Equal(3, suggestions.GetProperty("unmapped").GetInt32());
        var byCustomer = suggestions.GetProperty("organizations").EnumerateArray().ToDictionary(o => o.GetProperty("customerKey").GetString()!, o => o.GetProperty("candidates"));
        var acme = byCustomer["org-4100"][0];
        Assert.Equal(("19300", 1.0), (acme.GetProperty("companyId").GetString(), acme.GetProperty("score").GetDouble()));
        Assert.False(string.IsNullOrWhiteSpace(acme.GetProperty("reason").GetString()));
        Assert.Equal("19301", byCustomer["org-4101"][0].GetProperty("companyId").GetString());
        Assert.Equal(0, byCustomer["org-4102"].GetArrayLength());

        var halo = await Expect.JsonAsync<JsonElement>(await t.Admin.GetAsync("/api/mapping/suggestions?psa=HaloPsa"));
        Assert.Equal("12", halo.GetProperty("organizations").EnumerateArray().Single(o => o.GetProperty("customerKey").GetString() == "org-4100")
            .GetProperty("candidates")[0].GetProperty("companyId").GetString());
        await Expect.ValidationAsync(await t.Finance.GetAsync("/api/mapping/suggestions"), "psa");
        await Expect.ProblemAsync(await t.Finance.GetAsync("/api/mapping/suggestions?psa=Autotask"), 409);
    }

    [Fact]
    public async Task ABulkConfirmationMapsTheValidItemsWithTheirTemplatesAndAppendsNothingForTheOthers()
    {
        var t = await ConnectedTenantAsync("confirm");
        var acme = await LedgerHost.IngestAsync(t, 4100, "Acme Dental, LLC");
        var globex = await LedgerHost.IngestAsync(t, 4101, "Globex Logistics Inc.");
        await Expect.StatusAsync(await t.Admin.PutAsJsonAsync("/api/tenant/service-templates/ConnectWise/9001", new
        {
            service = "PerAgent",
            unitRule = new { unit = "Each", @base = 1000, rounding = "Up", step = 1, includedAllowance = 0, minimum = 0 },
            unitPrice = new { amount = 20m, currency = "USD" },
        }), 200);
        var globexRevision = await host.Store.ReadStreamRevisionAsync(StreamNames.Customer(t.Tenant, globex));

        var response = await t.Finance.PostAsJsonAsync("/api/mapping/confirm", new
        {
            items = new object[]
            {
                new { customerKey = acme, psa = "ConnectWise", companyId = "19300", agreementId = "801" },
                new { customerKey = "org-9999", psa = "ConnectWise", companyId = "19300", agreementId = "801" },
                new { customerKey = globex, psa = "ConnectWise", companyId = "x19301", agreementId = "804" },
                new { customerKey = globex, psa = "ConnectWise", companyId = "19301", agreementId = "801" },
                new { customerKey = globex, psa = "ConnectWise", companyId = "777777", agreementId = "804" },
                new { customerKey = globex, psa = "Syncro", companyId = "31002", agreementId = "5201" },
            },
        });

        var confirmed = await Expect.JsonAsync<JsonElement>(response);
        Assert.False(string.IsNullOrEmpty(confirmed.GetProperty("correlationId").GetString()));
        var items = confirmed.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(
            ["Applied", "Refused", "Refused", "Refused", "Refused", "Refused"],
            items.Select(i => i.GetProperty("outcome").GetString()));
        Assert.Equal(
            [null, "customer.unknown", "item.invalid", "psa.agreement_unknown", "psa.company_unknown", "psa.not_connected"],
            items.Select(i => i.GetProperty("code").GetString()));
        Assert.Equal("Acme Dental", items[0].GetProperty("psaCompanyName").GetString());
        var template = Assert.Single(items[0].GetProperty("templates").EnumerateArray());
        Assert.Equal(("cw:19300:801:40001", "PerAgent", "Applied"), (
            template.GetProperty("lineRef").GetString(), template.GetProperty("service").GetString(), template.GetProperty("outcome").GetString()));

        var customer = await Expect.JsonAsync<JsonElement>(await t.Finance.GetAsync($"/api/customers/{acme}"));
        Assert.Contains("cw:19300:801:40001", customer.ToString(), StringComparison.Ordinal);
        Assert.Contains("Acme Dental", customer.ToString(), StringComparison.Ordinal);
        Assert.Equal(globexRevision, await host.Store.ReadStreamRevisionAsync(StreamNames.Customer(t.Tenant, globex)));
        Assert.Null(await host.Store.ReadStreamRevisionAsync(StreamNames.Customer(t.Tenant, "org-9999")));
    }

    [Fact]
    public async Task ABulkConfirmationWithoutItemsIsRefused()
    {
        var t = await ConnectedTenantAsync("confirm-empty");
        var head = await host.HeadAsync();

        await Expect.ValidationAsync(await t.Finance.PostAsJsonAsync("/api/mapping/confirm", new { items = Array.Empty<object>() }), "items");

        Assert.Equal(head, await host.HeadAsync());
    }

    [Fact]
    public async Task ServiceTemplatesAreSetListedAndDeletedAndBadOnesRefused()
    {
        var t = await host.TenantAsync("templates");
        const string url = "/api/tenant/service-templates";
        var storage = new
        {
            service = "OffsiteStorage",
            unitRule = new { unit = "Terabyte", @base = 1024, rounding = "Up", step = 0.5m, includedAllowance = 1m, minimum = 0 },
        };
        await Expect.StatusAsync(await t.Admin.PutAsJsonAsync($"{url}/Syncro/9103", storage), 200);

        var listed = Assert.Single(await ListAsync(t.Auditor, url));
        Assert.Equal(("Syncro", "9103", "OffsiteStorage"), (listed.GetProperty("psa").GetString(), listed.GetProperty("productId").GetString(), listed.GetProperty("service").GetString()));
        Assert.Empty(await ListAsync(t.Finance, $"{url}?psa=ConnectWise"));

        var head = await host.HeadAsync();
        await Expect.ValidationAsync(await t.Admin.PutAsJsonAsync($"{url}/Syncro/9103", storage with { service = "Backupify" }), "service");
        await Expect.ValidationAsync(await t.Admin.PutAsJsonAsync($"{url}/Syncro/SKU-9", storage), "productId");
        await Expect.ValidationAsync(await t.Admin.PutAsJsonAsync($"{url}/Kaseya/9103", storage), "psa");
        await Expect.ProblemAsync(await t.Admin.PutAsJsonAsync($"{url}/Syncro/9104", storage with { service = "PerAgent" }), 422);
        await Expect.ProblemAsync(await t.Admin.DeleteAsync($"{url}/Syncro/9999?reason=gone"), 404);
        await Expect.ValidationAsync(await t.Admin.DeleteAsync($"{url}/Syncro/9103"), "reason");
        await Expect.ValidationAsync(await t.Finance.GetAsync($"{url}?psa=Nope"), "psa");
        Assert.Equal(head, await host.HeadAsync());

        await Expect.StatusAsync(await t.Admin.DeleteAsync($"{url}/Syncro/9103?reason=storage%20now%20in%20the%20bundle"), 200);
        Assert.Empty(await ListAsync(t.Finance, url));
    }
}

public sealed class SqliteMappingAssistantTests(SqliteHost host, PsaSimulators psa) : MappingAssistantTests(host, psa), IClassFixture<SqliteHost>, IClassFixture<PsaSimulators>;

public sealed class PostgresMappingAssistantTests(PostgresHost host, PsaSimulators psa) : MappingAssistantTests(host, psa), IClassFixture<PostgresHost>, IClassFixture<PsaSimulators>;
