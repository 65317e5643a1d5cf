using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using LedgerReconcile.Api.Tests.Infrastructure;
using LedgerReconcile.Simulators.Datto;
using LedgerReconcile.Simulators.Psa;
using LedgerReconcile.Simulators.Psa.Autotask;
using LedgerReconcile.Simulators.Psa.ConnectWise;
using LedgerReconcile.Simulators.Psa.Halo;
using LedgerReconcile.Simulators.Psa.Syncro;

namespace LedgerReconcile.Api.Tests;

/// <summary>
/// The PSA under test in one month: its simulator, the credentials its admin stores, and where the Acme Dental
/// endpoint-detection line (30 billed) lives on it.
/// </summary>
public sealed record PsaUnderTest(
    string Psa,
    string Integration,
    PsaSimulator Simulator,
    object Credentials,
    string CompanyId,
    string AgreementId,
    string ProductId,
    string LineRef,
    Func<DateOnly, decimal?> QuantityOnPsa);

/// <summary>
/// One month of one PSA through the HTTP API of the real app against the real simulators, with no demo code:
/// credentials, Datto sync, mapping through the assistant (suggestion and template), PSA read, automatic proposals,
/// bulk approval, write-back applied exactly once, and a second read that confirms it.
/// </summary>
public abstract class MonthEndToEndTests(LedgerHost host)
{
    private const string DattoOrganizationName = "Acme Dental Care, LLC";
    private const int AcmeDevices = 3;

    [Fact]
    public async Task AConnectWiseMonthEndsWithTheLineWrittenOnceAndConfirmed()
    {
        await using var simulator = await ConnectWiseSimulator.StartAsync();
        await RunMonthAsync(new PsaUnderTest(
            "ConnectWise",
            "connectwise",
            simulator,
            SimulatorCredentials.Of(simulator),
            ConnectWiseSeed.Acme.ToString(),
            ConnectWiseSeed.AcmeManagedServices.ToString(),
            "9002",
            $"cw:{ConnectWiseSeed.Acme}:{ConnectWiseSeed.AcmeManagedServices}:{ConnectWiseSeed.AcmeEdr}",
            _ => simulator.Quantity(ConnectWiseSeed.AcmeEdr)));
    }

    [Fact]
    public async Task AnAutotaskMonthEndsWithTheLineWrittenOnceAndConfirmed()
    {
        var options = new AutotaskSimulatorOptions { Seed = AutotaskSeedCoveringThisYear() };
        await using var simulator = await AutotaskSimulator.StartAsync(options);
        await RunMonthAsync(new PsaUnderTest(
            "Autotask",
            "autotask",
            simulator,
            SimulatorCredentials.Of(simulator, options),
            AutotaskSeed.Acme.ToString(),
            AutotaskSeed.AcmeManagedServices.ToString(),
            "3002",
            $"at:{AutotaskSeed.Acme}:{AutotaskSeed.AcmeManagedServices}:{AutotaskSeed.AcmeEdr}:3002",
            effective => simulator.Units(AutotaskSeed.AcmeEdr, effective)));
    }

    [Fact]
    public async Task AHaloPsaMonthEndsWithTheLineWrittenOnceAndConfirmed()
    {
        await using var simulator = await HaloSimulator.StartAsync();
        await RunMonthAsync(new PsaUnderTest(
            "HaloPsa",
            "halopsa",
            simulator,
            SimulatorCredentials.Of(simulator),
            HaloSeed.Acme.ToString(),
            HaloSeed.AcmeManagedServices.ToString(),
            "502",
            $"halo:{HaloSeed.Acme}:{HaloSeed.AcmeManagedServices}:{HaloSeed.AcmeEdr}",
            _ => simulator.Quantity(HaloSeed.AcmeEdr)));
    }

    [Fact]
    public async Task ASyncroMonthEndsWithTheLineWrittenOnceAndConfirmed()
    {
        await using var simulator = await SyncroSimulator.StartAsync();
        await RunMonthAsync(new PsaUnderTest(
            "Syncro",
            "syncro",
            simulator,
            SimulatorCredentials.Of(simulator),
            SyncroSeed.Acme.ToString(),
            SyncroSeed.AcmeManagedServices.ToString(),
            "9002",
            $"syncro:{SyncroSeed.Acme}:{SyncroSeed.AcmeManagedServices}:{SyncroSeed.AcmeEdr}",
            _ => simulator.Quantity(SyncroSeed.AcmeEdr)));
    }

    private async Task RunMonthAsync(PsaUnderTest psa)
    {
        await using var datto = await StartDattoAsync();
        var t = await host.TenantAsync($"month-{psa.Integration}");

        await ConnectAsync(t, datto, psa.Integration, psa.Credentials);

        // Datto usage: one organization with three devices.
        var dattoSync = await Expect.JsonAsync<JsonElement>(await t.Admin.PostAsync("/api/integrations/datto/sync", null));
        Assert.Equal(("Completed", 1), (dattoSync.GetProperty("outcome").GetString(), dattoSync.GetProperty("counts").GetProperty("organizations").GetInt32()));
        await host.CatchUpAsync();

        // A template for the PSA's endpoint-detection product: one unit per device.
        await SetDeviceTemplateAsync(t, psa.Psa, psa.ProductId, 6.5m);

        // The assistant suggests the PSA company whose name is close to the organization's.
        var suggestions = await Expect.JsonAsync<JsonElement>(await t.Finance.GetAsync($"/api/mapping/suggestions?psa={psa.Psa}"));
        Assert.Equal(1, suggestions.GetProperty("unmapped").GetInt32());
        var organization = Assert.Single(suggestions.GetProperty("organizations").EnumerateArray().ToList());
        var customerKey = organization.GetProperty("customerKey").GetString()!;
        var best = organization.GetProperty("candidates")[0];
        Assert.Equal(psa.CompanyId, best.GetProperty("companyId").GetString());
        Assert.InRange(best.GetProperty("score").GetDouble(), 0.3, 0.999);

        var agreements = await Expect.JsonAsync<JsonElement>(await t.Finance.GetAsync($"/api/psa/{psa.Psa}/companies/{psa.CompanyId}/agreements"));
        Assert.Contains(agreements.EnumerateArray(), a => a.GetProperty("id").GetString() == psa.AgreementId && a.GetProperty("active").GetBoolean());

        var confirmed = await Expect.JsonAsync<JsonElement>(await t.Finance.PostAsJsonAsync("/api/mapping/confirm", new
        {
            items = new[] { new { customerKey, psa = psa.Psa, companyId = psa.CompanyId, agreementId = psa.AgreementId } },
        }));
        var item = Assert.Single(confirmed.GetProperty("items").EnumerateArray().ToList());
        Assert.Equal("Applied", item.GetProperty("outcome").GetString());
        var template = Assert.Single(item.GetProperty("templates").EnumerateArray().ToList(), m => m.GetProperty("lineRef").GetString() == psa.LineRef);
        Assert.Equal(("PerDevice", "Applied"), (template.GetProperty("service").GetString(), template.GetProperty("outcome").GetString()));

        // The PSA read observes the mapped line and reconciliation proposes what Datto counts.
        await ReadPsaAsync(t);
        var proposal = Assert.Single(await ProposalsAsync(t, "Pending"), p => p.GetProperty("psaLineId").GetString() == psa.LineRef);
        Assert.Equal((customerKey, "PerDevice", 30m, (decimal)AcmeDevices), (
            proposal.GetProperty("customerKey").GetString(), proposal.GetProperty("service").GetString(),
            proposal.GetProperty("from").GetDecimal(), proposal.GetProperty("to").GetDecimal()));

        var decided = await Expect.JsonAsync<JsonElement>(await t.Finance.PostAsJsonAsync("/api/proposals/decisions", new
        {
            decision = "Approve",
            proposalIds = new[] { proposal.GetProperty("proposalId").GetGuid() },
            reason = "Month-end review",
        }));
        Assert.Equal((1, 1), (decided.GetProperty("matched").GetInt32(), decided.GetProperty("applied").GetInt32()));

        // The write-back sends the approved quantity once; a second pass has nothing left to send.
        var writesBefore = psa.Simulator.WriteRequestsReceived;
        var written = await Expect.JsonAsync<JsonElement>(await t.Admin.PostAsync("/api/integrations/psa/write-back", null));
        var step = Assert.Single(written.GetProperty("steps").EnumerateArray().ToList());
        Assert.Equal((psa.LineRef, "Written"), (step.GetProperty("psaLineId").GetString(), step.GetProperty("action").GetString()));
        Assert.Equal(AcmeDevices, psa.QuantityOnPsa(DateOnly.Parse(decided.GetProperty("effectiveDate").GetString()!, CultureInfo.InvariantCulture)));
        Assert.Equal(writesBefore + 1, psa.Simulator.WriteRequestsReceived);
        var again = await Expect.JsonAsync<JsonElement>(await t.Admin.PostAsync("/api/integrations/psa/write-back", null));
        Assert.Empty(again.GetProperty("steps").EnumerateArray());
        Assert.Equal(writesBefore + 1, psa.Simulator.WriteRequestsReceived);

        // The next read finds the PSA agreeing with Datto: nothing pending, no discrepancy on the line.
        await ReadPsaAsync(t);
        Assert.Empty(await ProposalsAsync(t, "Pending"));
        await host.CatchUpAsync();
        var discrepancies = await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync("/api/discrepancies?service=PerDevice"));
        Assert.DoesNotContain(discrepancies.EnumerateArray(), d => d.GetProperty("customerKey").GetString() == customerKey);
        var inSync = await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync("/api/discrepancies?status=InSync&service=PerDevice"));
        Assert.Contains(inSync.EnumerateArray(), d => d.GetProperty("customerKey").GetString() == customerKey);
    }

    /// <summary>
    /// The default Autotask seed covers April to September 2026 only; the month under test is now, so Acme's managed
    /// services contract runs for a year from this month and its endpoint-detection service bills 30 units each month.
    /// </summary>
    internal static AutotaskSeed AutotaskSeedCoveringThisYear()
    {
        var seed = AutotaskSeed.Default();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var contract = seed.Contracts.Single(c => c.Id == AutotaskSeed.AcmeManagedServices);
        seed.Contracts[seed.Contracts.IndexOf(contract)] = contract with { EndDate = thisMonth.AddYears(1).AddDays(-1) };
        var edr = seed.ContractServices.Single(s => s.Id == AutotaskSeed.AcmeEdr);
        seed.Units.RemoveAll(u => u.ContractServiceId == edr.Id);
        for (var month = 0; month < 12; month++)
        {
            seed.Units.Add(new AutotaskUnitsRow
            {
                Id = 900_000 + month,
                ContractId = edr.ContractId,
                ContractServiceId = edr.Id,
                ServiceId = edr.ServiceId,
                StartDate = thisMonth.AddMonths(month),
                EndDate = thisMonth.AddMonths(month + 1).AddDays(-1),
                Units = 30,
            });
        }

        return seed;
    }

    /// <summary>Credentials for both sides, as the tenant's admin stores them.</summary>
    internal static async Task ConnectAsync(TenantKeys t, DattoSimulator datto, string integration, object credentials)
    {
        await Expect.StatusAsync(await t.Admin.PutAsJsonAsync("/api/integrations/datto/credentials",
            new { publicKey = datto.Options.PublicKey, secretKey = datto.Options.SecretKey, baseAddress = datto.BaseAddress.AbsoluteUri }), 200);
        await Expect.StatusAsync(await t.Admin.PutAsJsonAsync($"/api/integrations/{integration}/credentials", credentials), 200);
    }

    /// <summary>The tenant bills devices, one unit each, with the PSA's <paramref name="productId"/>.</summary>
    internal static async Task SetDeviceTemplateAsync(TenantKeys t, string psa, string productId, decimal price) =>
        await Expect.StatusAsync(await t.Admin.PutAsJsonAsync($"/api/tenant/service-templates/{psa}/{productId}", new
        {
            service = "PerDevice",
            unitRule = new { unit = "Each", @base = 1000, rounding = "Up", step = 1, includedAllowance = 0, minimum = 0 },
            unitPrice = new { amount = price, currency = "USD" },
        }), 200);

    internal static async Task<DattoSimulator> StartDattoAsync()
    {
        var datto = await DattoSimulator.StartAsync(new DattoSimulatorOptions
        {
            OrganizationCount = 1,
            DevicesPerOrganization = AcmeDevices,
            AgentsPerDevice = 0,
            SharesPerDevice = 0,
            DtcAssetsPerOrganization = 0,
            EndpointAgentsPerOrganization = 0,
            SaasDomainsPerOrganization = 0,
        });
        datto.Mutate(partner =>
        {
            partner.RenameOrganization(partner.Organizations[0].Id, DattoOrganizationName);
            // Devices under contract this month: an expired one would rightly wait for a person's decision.
            partner.Devices.ForEach(d => d.ServicePeriod = DateTimeOffset.UtcNow.AddYears(1));
        });
        return datto;
    }

    internal static async Task ReadPsaAsync(TenantKeys t)
    {
        var read = await Expect.JsonAsync<JsonElement>(await t.Admin.PostAsync("/api/integrations/psa/sync", null));
        var run = Assert.Single(read.GetProperty("runs").EnumerateArray().ToList());
        Assert.True(run.GetProperty("outcome").GetString() == "Completed", run.ToString());
        Assert.Empty(run.GetProperty("warnings").EnumerateArray());
    }

    internal static async Task<List<JsonElement>> ProposalsAsync(TenantKeys t, string status) =>
        [.. (await Expect.JsonAsync<JsonElement>(await t.Finance.GetAsync($"/api/proposals?status={status}"))).EnumerateArray()];
}

public sealed class SqliteMonthEndToEndTests(SqliteHost host) : MonthEndToEndTests(host), IClassFixture<SqliteHost>;

public sealed class PostgresMonthEndToEndTests(PostgresHost host) : MonthEndToEndTests(host), IClassFixture<PostgresHost>;
