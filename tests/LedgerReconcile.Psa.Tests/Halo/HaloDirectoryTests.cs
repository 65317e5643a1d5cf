using System.Globalization;
using LedgerReconcile.Psa.Halo;
using LedgerReconcile.Simulators.Psa;
using LedgerReconcile.Simulators.Psa.Halo;

namespace LedgerReconcile.Psa.Tests.Halo;

public sealed class HaloDirectoryTests : IAsyncLifetime
{
    private static readonly DateOnly June = new(2026, 6, 1);
    private static readonly string Initech = Id(HaloSeed.Initech);
    private static readonly string Managed = Id(HaloSeed.InitechManaged);

    private HaloSimulator _psa = null!;
    private PsaTestHost _host = null!;

    private IPsaConnector Connector => _host.Connector;

    public async Task InitializeAsync()
    {
        _psa = await HaloSimulator.StartAsync();
        _host = Connect(_psa);
    }

    public async Task DisposeAsync()
    {
        Assert.Empty(_psa.UnhandledExceptions);
        await _host.DisposeAsync();
        await _psa.DisposeAsync();
    }

    private static PsaTestHost Connect(HaloSimulator psa, Action<HaloOptions>? adjust = null) => HaloConnectorTests.Connect(psa, o =>
    {
        o.PageSize = 2;
        adjust?.Invoke(o);
    });

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static NewPsaLine NewLine(string key, long item = 777) => new(Initech, Managed, Id(item), 4, 12.5m, June, key, "Cloud backup");

    [Fact]
    public async Task FindsClientsByAnyPartOfTheNameAcrossPagesAndSaysWhichAreInactive()
    {
        var found = await Connector.SearchCompaniesAsync("ini");

        Assert.Equal([("Initech Software", true), ("Initrode", false)], found.Select(c => (c.Name, c.IsActive)));
        Assert.Equal(4, (await Connector.SearchCompaniesAsync(null)).Count);
    }

    [Fact]
    public async Task ListsRecurringInvoicesActiveOrNotWithTypeAndDatesAndFiltersByType()
    {
        var all = await Connector.ListAgreementsAsync(Initech);
        var contracts = await Connector.ListAgreementsAsync(Initech, ["contracts"]);

        Assert.Equal([(Managed, true, "contracts"), (Id(HaloSeed.InitechEnded), false, "invoices")], all.Select(a => (a.Id, a.IsActive, a.TypeName)));
        Assert.Equal(new DateOnly(2025, 12, 31), all[1].EndDate);
        Assert.Equal(Managed, Assert.Single(contracts).Id);
        Assert.Equal(HaloSeed.AcmeInvoiceCount, (await Connector.ListAgreementsAsync(Id(HaloSeed.Acme))).Count);
    }

    [Fact]
    public async Task ListsEveryLineOfAnInvoiceWithItemAndStatus()
    {
        var lines = await Connector.ListAgreementLinesAsync(Initech, Managed, June);
        var ended = await Connector.ListAgreementLinesAsync(Initech, Id(HaloSeed.InitechEnded), June);

        var m365 = lines.Single(l => l.ProductCode == "M365-BP");
        Assert.Equal(($"halo:{Initech}:{Managed}:27001", "501", 15m, 22m, PsaLineStatus.Active, PsaBilling.Billable),
            (m365.LineRef, m365.ProductId, m365.Quantity, m365.UnitPrice, m365.Status, m365.Billing));
        Assert.Equal(PsaLineStatus.Cancelled, lines.Single(l => l.LineRef.EndsWith(Id(HaloSeed.InitechInactiveLine), StringComparison.Ordinal)).Status);
        Assert.Equal(PsaLineStatus.AgreementInactive, Assert.Single(ended).Status);
    }

    [Fact]
    public async Task AddsALineOnceKeepingEveryOtherLineEvenWhenTheAnswerIsLost()
    {
        _psa.Faults.OnNextWrites(new SimulatedFault.DropConnection(AfterApply: true));

        var first = await Connector.AddLineAsync(NewLine("approval-31"));
        var retry = await Connector.AddLineAsync(NewLine("approval-31"));

        var added = Assert.IsType<LineAdditionOutcome.Added>(first);
        Assert.Equal((ApplyEvidence.ReReadAfterLostResponse, "777", 4m, 12.5m, "Cloud backup"),
            (added.Evidence, added.Line.ProductId, added.Line.Quantity, added.Line.UnitPrice, added.Line.Description));
        Assert.IsType<LineAdditionOutcome.AlreadyAdded>(retry);
        var stored = _psa.LinesOf(HaloSeed.InitechManaged);
        Assert.Equal(3, stored.Count);
        Assert.Single(stored, l => l["_itemid"]!.GetValue<long>() == 777);
    }

    [Fact]
    public async Task AnAddedLineCanThenHaveItsQuantitySet()
    {
        var added = Assert.IsType<LineAdditionOutcome.Added>(await Connector.AddLineAsync(NewLine("approval-32")));

        var outcome = await Connector.SetQuantityAsync(new(added.Line.LineRef, 4, 6, "approval-33", June));

        Assert.IsType<QuantityWriteOutcome.Applied>(outcome);
    }

    [Fact]
    public async Task AnItemAlreadyOnTheInvoiceIsNotAddedAgain()
    {
        var outcome = await Connector.AddLineAsync(NewLine("approval-34", item: 501));

        Assert.IsType<LineAdditionOutcome.ProductAlreadyOnAgreement>(outcome);
        Assert.Equal(0, _psa.WriteRequestsReceived);
    }

    [Fact]
    public async Task TwoConnectorsToOneHaloShareOneRequestBudget()
    {
        _psa.RateLimit = new SimulatedRateLimit(5, TimeSpan.FromSeconds(1));
        void Limit(HaloOptions o) => (o.RequestLimit, o.RequestLimitWindow) = (4, TimeSpan.FromSeconds(1.5));
        await using var tenantA = Connect(_psa, Limit);
        await using var tenantB = Connect(_psa, Limit);

        await Task.WhenAll(Enumerable.Range(0, 5).SelectMany(_ => new[]
        {
            tenantA.Connector.ListAgreementLinesAsync(Initech, Managed, June),
            tenantB.Connector.ListAgreementLinesAsync(Initech, Managed, June),
        }));

        Assert.Equal(0, _psa.RateLimitedAnswers);
    }
}
