using System.Net.Http.Json;
using System.Text.Json;
using LedgerReconcile.Api.Tests.Infrastructure;
using LedgerReconcile.Simulators.Psa;
using LedgerReconcile.Simulators.Psa.Autotask;
using LedgerReconcile.Simulators.Psa.ConnectWise;
using LedgerReconcile.Simulators.Psa.Halo;
using LedgerReconcile.Simulators.Psa.Syncro;

namespace LedgerReconcile.Api.Tests;

/// <summary>
/// A PSA for new revenue: Acme's managed-services agreement, a product it does not bill yet, and the quantity of every
/// line of that product on the agreement as the simulator stores it (as of a date, for Autotask's units).
/// </summary>
public sealed record NewRevenuePsa(
    string Psa,
    string Integration,
    PsaSimulator Simulator,
    object Credentials,
    string CompanyId,
    string AgreementId,
    string ProductId,
    Func<DateOnly, IReadOnlyList<decimal>> LinesOfProduct);

/// <summary>
/// New revenue through the HTTP API against each PSA simulator: Datto devices that no agreement line bills are listed
/// with the template's money, proposed, approved by id, added once (the PSA's first answer lost), mapped, and confirmed
/// by the next PSA read.
/// </summary>
public abstract class NewRevenueEndToEndTests(LedgerHost host)
{
    private const int Devices = 3;
    private const decimal Price = 6.5m;

    [Fact]
    public async Task NewRevenueOnConnectWiseIsAddedOnceAndMapped()
    {
        await using var simulator = await ConnectWiseSimulator.StartAsync();
        await RunAsync(new NewRevenuePsa(
            "ConnectWise",
            "connectwise",
            simulator,
            SimulatorCredentials.Of(simulator),
            Id(ConnectWiseSeed.Acme),
            Id(ConnectWiseSeed.AcmeManagedServices),
            "9502",
            _ => [.. simulator.AdditionsOf(ConnectWiseSeed.AcmeManagedServices).Where(a => a.ProductId == 9502).Select(a => a.Quantity ?? 0)]));
    }

    [Fact]
    public async Task NewRevenueOnAutotaskIsAddedOnceAndMapped()
    {
        var options = new AutotaskSimulatorOptions { Seed = MonthEndToEndTests.AutotaskSeedCoveringThisYear() };
        await using var simulator = await AutotaskSimulator.StartAsync(options);
        await RunAsync(new NewRevenuePsa(
            "Autotask",
            "autotask",
            simulator,
            SimulatorCredentials.Of(simulator, options),
            Id(AutotaskSeed.Acme),
            Id(AutotaskSeed.AcmeManagedServices),
            "3009",
            date => [.. simulator.ContractServicesOf(AutotaskSeed.AcmeManagedServices).Where(s => s.ServiceId == 3009).Select(s => (decimal)simulator.Units(s.Id, date))]));
    }

    [Fact]
    public async Task NewRevenueOnHaloPsaIsAddedOnceAndMapped()
    {
        await using var simulator = await HaloSimulator.StartAsync();
        await RunAsync(new NewRevenuePsa(
            "HaloPsa",
            "halopsa",
            simulator,
            SimulatorCredentials.Of(simulator),
            Id(HaloSeed.Acme),
            Id(HaloSeed.AcmeManagedServices),
            "777",
            _ => [.. simulator.LinesOf(HaloSeed.AcmeManagedServices).Where(l => l["_itemid"]!.GetValue<long>() == 777).Select(l => l["qty_order"]!.GetValue<decimal>())]));
    }

    [Fact]
    public async Task NewRevenueOnSyncroIsAddedOnceAndMapped()
    {
        await using var simulator = await SyncroSimulator.StartAsync();
        await RunAsync(new NewRevenuePsa(
            "Syncro",
            "syncro",
            simulator,
            SimulatorCredentials.Of(simulator),
            Id(SyncroSeed.Acme),
            Id(SyncroSeed.AcmeManagedServices),
            "9099",
            _ => [.. simulator.LinesOf(SyncroSeed.AcmeManagedServices).Where(l => l.ProductId == 9099).Select(l => l.Quantity)]));
    }

    private async Task RunAsync(NewRevenuePsa psa)
    {
        await using var datto = await MonthEndToEndTests.StartDattoAsync();
        var t = await host.TenantAsync($"revenue-{psa.Integration}");
        await MonthEndToEndTests.ConnectAsync(t, datto, psa.Integration, psa.Credentials);
        await Expect.StatusAsync(await t.Admin.PostAsync("/api/integrations/datto/sync", null), 200);

        // The tenant bills devices with a product Acme's agreement does not carry yet; mapping the account maps no line.
        await MonthEndToEndTests.SetDeviceTemplateAsync(t, psa.Psa, psa.ProductId, Price);
        var suggestions = await Expect.JsonAsync<JsonElement>(await t.Finance.GetAsync($"/api/mapping/suggestions?psa={psa.Psa}"));
        var customerKey = suggestions.GetProperty("organizations")[0].GetProperty("customerKey").GetString()!;
        var confirmed = await Expect.JsonAsync<JsonElement>(await t.Finance.PostAsJsonAsync("/api/mapping/confirm", new
        {
            items = new[] { new { customerKey, psa = psa.Psa, companyId = psa.CompanyId, agreementId = psa.AgreementId } },
        }));
        Assert.Equal(1, confirmed.GetProperty("applied").GetInt32());

        // Listed as new revenue: three devices at the template's price; storage, without a template, with no money.
        var listed = Assert.Single(await NewRevenueAsync(t, psa.Psa), i => IsAcmeDevices(i, customerKey));
        Assert.Equal(("PerDevice", (decimal)Devices, psa.ProductId, Devices * Price, "USD"), (
            listed.GetProperty("service").GetString(), listed.GetProperty("billableQuantity").GetDecimal(),
            listed.GetProperty("template").GetProperty("productId").GetString(), listed.GetProperty("monthlyAmount").GetDecimal(),
            listed.GetProperty("currency").GetString()));
        var storage = Assert.Single(await NewRevenueAsync(t, psa.Psa), i => i.GetProperty("service").GetString() == "OffsiteStorage");
        Assert.Equal(("no template", JsonValueKind.Null), (storage.GetProperty("note").GetString(), storage.GetProperty("monthlyAmount").ValueKind));

        // Proposed from this month (so every PSA bills it at once), then approved through the bulk decision path by id.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var effective = new DateOnly(today.Year, today.Month, 1);
        var proposed = await Expect.JsonAsync<JsonElement>(await t.Finance.PostAsJsonAsync($"/api/customers/{customerKey}/line-additions",
            new { service = "PerDevice", effectiveDate = effective }));
        var proposalId = proposed.GetProperty("proposalId").GetGuid();
        Assert.Equal(["customer.line_addition_proposed.v1"], proposed.GetProperty("appended").EnumerateArray().Select(e => e.GetString()));
        var decided = await Expect.JsonAsync<JsonElement>(await t.Finance.PostAsJsonAsync("/api/proposals/decisions", new
        {
            decision = "Approve",
            proposalIds = new[] { proposalId },
            reason = "New backup customer",
        }));
        Assert.Equal((1, 1), (decided.GetProperty("matched").GetInt32(), decided.GetProperty("applied").GetInt32()));
        Assert.Equal("Approved", (await AdditionOfAsync(t, psa.Psa, customerKey)).GetProperty("status").GetString());

        // The PSA adds the line but its answer is lost: the adapter finds the line by its marker; nothing is added twice.
        psa.Simulator.Faults.OnNextWrites(new SimulatedFault.DropConnection(AfterApply: true));
        var written = await Expect.JsonAsync<JsonElement>(await t.Admin.PostAsync("/api/integrations/psa/write-back", null));
        var step = Assert.Single(written.GetProperty("steps").EnumerateArray().ToList());
        Assert.True(step.GetProperty("action").GetString() == "LineAdded", step.ToString());
        Assert.Equal(proposalId, step.GetProperty("proposalId").GetGuid());
        Assert.Equal([(decimal)Devices], psa.LinesOfProduct(effective));
        var writes = psa.Simulator.WriteRequestsReceived;
        var again = await Expect.JsonAsync<JsonElement>(await t.Admin.PostAsync("/api/integrations/psa/write-back", null));
        Assert.Empty(again.GetProperty("steps").EnumerateArray());
        Assert.Equal(writes, psa.Simulator.WriteRequestsReceived);
        Assert.Equal([(decimal)Devices], psa.LinesOfProduct(effective));

        // The service is mapped to the new line: no longer new revenue, and the next PSA read agrees with Datto.
        Assert.DoesNotContain(await NewRevenueAsync(t, psa.Psa), i => IsAcmeDevices(i, customerKey));
        await MonthEndToEndTests.ReadPsaAsync(t);
        Assert.Empty(await MonthEndToEndTests.ProposalsAsync(t, "Pending"));
        await host.CatchUpAsync();
        var lines = await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync($"/api/customers/{customerKey}/lines"));
        var line = Assert.Single(lines.EnumerateArray().ToList(), l => l.GetProperty("serviceKind").GetString() == "PerDevice");
        Assert.Equal((step.GetProperty("psaLineId").GetString(), (decimal)Devices, "InSync"), (
            line.GetProperty("psaLineId").GetString(), line.GetProperty("psaQuantity").GetDecimal(), line.GetProperty("status").GetString()));
        var inSync = await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync("/api/discrepancies?status=InSync&service=PerDevice"));
        Assert.Contains(inSync.EnumerateArray(), d => d.GetProperty("customerKey").GetString() == customerKey);
        var discrepancies = await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync("/api/discrepancies?service=PerDevice"));
        Assert.DoesNotContain(discrepancies.EnumerateArray(), d => d.GetProperty("customerKey").GetString() == customerKey);
    }

    private static async Task<List<JsonElement>> NewRevenueAsync(TenantKeys t, string psa) =>
        [.. (await Expect.JsonAsync<JsonElement>(await t.Finance.GetAsync($"/api/reports/new-revenue?psa={psa}"))).EnumerateArray()];

    private static async Task<JsonElement> AdditionOfAsync(TenantKeys t, string psa, string customerKey) =>
        Assert.Single(await NewRevenueAsync(t, psa), i => IsAcmeDevices(i, customerKey)).GetProperty("addition");

    private static bool IsAcmeDevices(JsonElement item, string customerKey) =>
        item.GetProperty("customerKey").GetString() == customerKey && item.GetProperty("service").GetString() == "PerDevice";

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class SqliteNewRevenueEndToEndTests(SqliteHost host) : NewRevenueEndToEndTests(host), IClassFixture<SqliteHost>;

public sealed class PostgresNewRevenueEndToEndTests(PostgresHost host) : NewRevenueEndToEndTests(host), IClassFixture<PostgresHost>;
