using System.Globalization;
using LedgerReconcile.Psa.Autotask;
using LedgerReconcile.Simulators.Psa;
using LedgerReconcile.Simulators.Psa.Autotask;

namespace LedgerReconcile.Psa.Tests.Autotask;

public sealed class AutotaskDirectoryTests : IAsyncLifetime
{
    private static readonly DateOnly June = new(2026, 6, 1);
    private static readonly string Initech = Id(AutotaskSeed.Initech);
    private static readonly string Managed = Id(AutotaskSeed.InitechManaged);

    private AutotaskSimulator _psa = null!;
    private PsaTestHost _host = null!;

    private IPsaConnector Connector => _host.Connector;

    public async Task InitializeAsync()
    {
        _psa = await AutotaskSimulator.StartAsync(new AutotaskSimulatorOptions { QueryLatency = TimeSpan.FromMilliseconds(20) });
        _host = Connect(_psa);
    }

    public async Task DisposeAsync()
    {
        Assert.Empty(_psa.UnhandledExceptions);
        await _host.DisposeAsync();
        await _psa.DisposeAsync();
    }

    private static PsaTestHost Connect(AutotaskSimulator psa, Action<AutotaskOptions>? adjust = null) => PsaTestHost.Create(services => services.AddAutotaskPsa(o =>
    {
        var defaults = new AutotaskSimulatorOptions();
        (o.ZoneLookupAddress, o.UserName, o.Secret, o.ApiIntegrationCode, o.PageSize) =
            (psa.ZoneLookupAddress, defaults.UserName, defaults.Secret, defaults.ApiIntegrationCode, 2);
        PsaTestHost.ShortenTimings(o);
        adjust?.Invoke(o);
    }));

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    // Service 3009 (BACKUP-SRV) is in the catalog but not on Initech's contract.
    private static NewPsaLine NewLine(string key, long service = 3009, decimal units = 6) => new(Initech, Managed, Id(service), units, 9.5m, June, key, "Server backup");

    [Fact]
    public async Task FindsCompaniesByAnyPartOfTheNameAcrossPagesAndSaysWhichAreInactive()
    {
        var found = await Connector.SearchCompaniesAsync("ini");

        Assert.Equal([("Initech Software", true), ("Initrode", false)], found.Select(c => (c.Name, c.IsActive)));
        Assert.Equal(4, (await Connector.SearchCompaniesAsync(" ")).Count);
    }

    [Fact]
    public async Task ListsContractsActiveOrNotWithTypeAndDatesAndFiltersByType()
    {
        var initech = await Connector.ListAgreementsAsync(Initech);
        var acmeRecurring = await Connector.ListAgreementsAsync(Id(AutotaskSeed.Acme), ["7"]);

        Assert.Equal([(Managed, true), (Id(AutotaskSeed.InitechInactive), false)], initech.Select(a => (a.Id, a.IsActive)));
        Assert.Equal(("Recurring Service", new DateOnly(2025, 12, 31)), (initech[1].TypeName, initech[1].EndDate));
        Assert.Equal(2, acmeRecurring.Count);
        Assert.Equal(3, (await Connector.ListAgreementsAsync(Id(AutotaskSeed.Acme))).Count);
    }

    [Fact]
    public async Task ListsEveryServiceOfAContractWithUnitsAndEndDatedOnes()
    {
        var lines = await Connector.ListAgreementLinesAsync(Initech, Managed, June);

        var m365 = lines.Single(l => l.ProductCode == "M365-BP");
        Assert.Equal(($"at:{Initech}:{Managed}:{AutotaskSeed.InitechM365}:3001", "3001", 15m, 22m, PsaLineStatus.Active),
            (m365.LineRef, m365.ProductId, m365.Quantity, m365.UnitPrice, m365.Status));
        var ended = lines.Single(l => l.ProductCode == "EDR-WS");
        Assert.Equal((PsaLineStatus.EndDated, new DateOnly(2026, 5, 31), false), (ended.Status, ended.EndDate, ended.Counts));
        Assert.Empty(await Connector.ListAgreementLinesAsync(Initech, Id(AutotaskSeed.InitechInactive), June));
    }

    [Fact]
    public async Task AddsAServiceAndSetsItsUnitsOnceEvenWhenTheAnswerToTheCreateIsLost()
    {
        _psa.Faults.OnNextWrites(new SimulatedFault.DropConnection(AfterApply: true));

        var first = await Connector.AddLineAsync(NewLine("approval-41"));
        var retry = await Connector.AddLineAsync(NewLine("approval-41"));

        var added = Assert.IsType<LineAdditionOutcome.Added>(first);
        Assert.Equal((ApplyEvidence.ReReadAfterLostResponse, "3009", 6m, 9.5m), (added.Evidence, added.Line.ProductId, added.Line.Quantity, added.Line.UnitPrice));
        Assert.IsType<LineAdditionOutcome.AlreadyAdded>(retry);
        var created = Assert.Single(_psa.ContractServicesOf(AutotaskSeed.InitechManaged), cs => cs.ServiceId == 3009);
        Assert.Equal(6, _psa.Units(created.Id, June));
        Assert.Single(_psa.Adjustments, a => a.ContractServiceId == created.Id);
    }

    [Fact]
    public async Task AServiceWhoseUnitsWereNotSetIsCompletedByTheNextCallWithTheSameKey()
    {
        _psa.Faults.OnNextWrites(
            new SimulatedFault.Respond("""{"itemId":0}""", AfterApply: true),
            // Different faults each time: the same validation error three times would be a rejection, not a transient fault.
            new SimulatedFault.Respond("""{"errors":["Database busy (1)"]}""", 500),
            new SimulatedFault.Respond("""{"errors":["Database busy (2)"]}""", 500),
            new SimulatedFault.Respond("""{"errors":["Database busy (3)"]}""", 500));

        var outcomes = new List<LineAdditionOutcome>
        {
            await Connector.AddLineAsync(NewLine("approval-42")),
            await Connector.AddLineAsync(NewLine("approval-42")),
        };

        Assert.IsType<LineAdditionOutcome.TransientFailure>(outcomes[0]);
        Assert.IsType<LineAdditionOutcome.Added>(outcomes[^1]);
        var created = Assert.Single(_psa.ContractServicesOf(AutotaskSeed.InitechManaged), cs => cs.ServiceId == 3009);
        Assert.Equal(6, _psa.Units(created.Id, June));
    }

    [Fact]
    public async Task FractionalUnitsAndAServiceAlreadyOnTheContractAreRefusedWithoutSending()
    {
        var fractional = await Connector.AddLineAsync(NewLine("approval-43", units: 2.5m));
        var existing = await Connector.AddLineAsync(NewLine("approval-44", service: 3001));

        Assert.IsType<LineAdditionOutcome.Refused>(fractional);
        Assert.IsType<LineAdditionOutcome.ProductAlreadyOnAgreement>(existing);
        Assert.Equal(0, _psa.WriteRequestsReceived);
    }

    [Fact]
    public async Task ARetryAfterAPersonChangedTheAddedUnitsLeavesTheirCountAlone()
    {
        var added = Assert.IsType<LineAdditionOutcome.Added>(await Connector.AddLineAsync(NewLine("approval-45")));
        var created = Assert.Single(_psa.ContractServicesOf(AutotaskSeed.InitechManaged), cs => cs.ServiceId == 3009);
        _psa.SetUnits(created.Id, June, 9);

        var retry = await Connector.AddLineAsync(NewLine("approval-45"));

        Assert.Equal(9m, Assert.IsType<LineAdditionOutcome.AlreadyAdded>(retry).Line.Quantity);
        Assert.Equal(9, _psa.Units(created.Id, June));
        Assert.Equal(6m, added.Line.Quantity);
    }

    [Fact]
    public async Task TwoConnectorsWithTheSameTrackingIdentifierShareTheThreadsOfAnEndpoint()
    {
        await using var tenantA = Connect(_psa, o => o.PageSize = 500);
        await using var tenantB = Connect(_psa, o => o.PageSize = 500);

        await Task.WhenAll(Enumerable.Range(0, 4).SelectMany(_ => new[]
        {
            tenantA.Connector.ListAgreementsAsync(Initech),
            tenantB.Connector.ListAgreementsAsync(Initech),
        }));

        Assert.InRange(_psa.MaxConcurrentRequests("Contracts"), 1, 3);
    }
}
