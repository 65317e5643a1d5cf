using System.Globalization;
using LedgerReconcile.Psa.ConnectWise;
using LedgerReconcile.Simulators.Psa;
using LedgerReconcile.Simulators.Psa.ConnectWise;

namespace LedgerReconcile.Psa.Tests.ConnectWise;

public sealed class ConnectWiseDirectoryTests : IAsyncLifetime
{
    private static readonly DateOnly June = new(2026, 6, 1);
    private static readonly string Initech = Id(ConnectWiseSeed.Initech);
    private static readonly string Managed = Id(ConnectWiseSeed.InitechManaged);

    private ConnectWiseSimulator _psa = null!;
    private PsaTestHost _host = null!;

    private IPsaConnector Connector => _host.Connector;

    public async Task InitializeAsync()
    {
        _psa = await ConnectWiseSimulator.StartAsync();
        _host = PsaTestHost.Create(services => services.AddConnectWisePsa(o =>
        {
            var defaults = new ConnectWiseSimulatorOptions();
            (o.BaseAddress, o.CompanyId, o.PublicKey, o.PrivateKey, o.ClientId) =
                (_psa.ApiBase, defaults.CompanyId, defaults.PublicKey, defaults.PrivateKey, defaults.ClientId);
            o.PageSize = 2;
            PsaTestHost.ShortenTimings(o);
        }));
    }

    public async Task DisposeAsync()
    {
        Assert.Empty(_psa.UnhandledExceptions);
        await _host.DisposeAsync();
        await _psa.DisposeAsync();
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static NewPsaLine NewLine(string key, int product = 9502, decimal quantity = 7) =>
        new(Initech, Managed, Id(product), quantity, 1.5m, June, key, "DNS filtering");

    [Fact]
    public async Task FindsCompaniesByAnyPartOfTheNameAcrossPagesAndSaysWhichAreInactive()
    {
        var found = await Connector.SearchCompaniesAsync("INIT");

        Assert.Equal(["Initech Software", "Initrode (closed)"], found.Select(c => c.Name));
        Assert.Equal([true, false], found.Select(c => c.IsActive));
        Assert.Equal(Initech, found[0].Id);
        Assert.Equal(4, (await Connector.SearchCompaniesAsync(null)).Count);
    }

    [Fact]
    public async Task ListsAgreementsActiveOrNotWithTypeAndDatesAndKeepsOnlyTheTypesAsked()
    {
        var all = await Connector.ListAgreementsAsync(Initech);
        var blockTime = await Connector.ListAgreementsAsync(Initech, ["block time"]);

        Assert.Equal([(Managed, true, "Managed Services"), (Id(ConnectWiseSeed.InitechBlockTime), false, "Block Time")],
            all.Select(a => (a.Id, a.IsActive, a.TypeName)));
        var expired = Assert.Single(blockTime);
        Assert.Equal(("Expired", new DateOnly(2025, 12, 31), "7"), (expired.Status, expired.EndDate, expired.TypeId));
        Assert.Empty(await Connector.ListAgreementsAsync(Initech, ["Nothing like this"]));
    }

    [Fact]
    public async Task ListsEveryLineOfAnAgreementWithProductBillFlagStatusAndWhoChangedIt()
    {
        var lines = (await Connector.ListAgreementLinesAsync(Initech, Managed, June)).ToDictionary(l => l.LineRef.Split(':')[^1]);

        Assert.Equal(5, lines.Count);
        var billed = lines[Id(ConnectWiseSeed.InitechBilled)];
        Assert.Equal(($"cw:{Initech}:{Managed}:{ConnectWiseSeed.InitechBilled}", "9001", "M365-BP", 15m, 22m, PsaBilling.Billable, PsaLineStatus.Active, true),
            (billed.LineRef, billed.ProductId, billed.ProductCode, billed.Quantity, billed.UnitPrice, billed.Billing, billed.Status, billed.Counts));
        var notBilled = lines[Id(ConnectWiseSeed.InitechNotBilled)];
        Assert.Equal((PsaBilling.DoNotBill, false, "j.smith", new DateTimeOffset(2026, 3, 4, 10, 30, 0, TimeSpan.Zero)),
            (notBilled.Billing, notBilled.Counts, notBilled.LastUpdatedBy, notBilled.LastUpdatedAt));
        Assert.Equal((PsaLineStatus.Cancelled, new DateOnly(2026, 2, 28)),
            (lines[Id(ConnectWiseSeed.InitechCancelled)].Status, lines[Id(ConnectWiseSeed.InitechCancelled)].EndDate));
        Assert.Equal((PsaLineStatus.Active, new DateOnly(2099, 6, 30)),
            (lines[Id(ConnectWiseSeed.InitechEndDated)].Status, lines[Id(ConnectWiseSeed.InitechEndDated)].EndDate));
        Assert.Equal(PsaLineStatus.NotStarted, lines[Id(ConnectWiseSeed.InitechStartsLater)].Status);
        var expired = await Connector.ListAgreementLinesAsync(Initech, Id(ConnectWiseSeed.InitechBlockTime), June);
        Assert.Equal(PsaLineStatus.AgreementInactive, Assert.Single(expired).Status);
    }

    [Fact]
    public async Task AnEditByHandShowsWhoMadeItAndWhen()
    {
        var at = new DateTimeOffset(2026, 5, 20, 8, 0, 0, TimeSpan.Zero);
        _psa.EditByHand(ConnectWiseSeed.InitechBilled, 17, "m.jones", at);

        var line = (await Connector.ListAgreementLinesAsync(Initech, Managed, June)).Single(l => l.ProductCode == "M365-BP");

        Assert.Equal((17m, "m.jones", at), (line.Quantity, line.LastUpdatedBy, line.LastUpdatedAt));
    }

    [Fact]
    public async Task AddsALineThatReadsBackWithItsProductQuantityAndPrice()
    {
        var outcome = await Connector.AddLineAsync(NewLine("approval-7"));

        var added = Assert.IsType<LineAdditionOutcome.Added>(outcome);
        Assert.Equal((ApplyEvidence.ReadBack, "9502", 7m, 1.5m, "DNS filtering", PsaLineStatus.Active),
            (added.Evidence, added.Line.ProductId, added.Line.Quantity, added.Line.UnitPrice, added.Line.Description, added.Line.Status));
        var listed = (await Connector.ListAgreementLinesAsync(Initech, Managed, June)).Single(l => l.LineRef == added.Line.LineRef);
        Assert.Equal(added.Line, listed with { ObservedAt = added.Line.ObservedAt });
    }

    [Fact]
    public async Task ARetryAfterALostAnswerFindsTheLineInsteadOfAddingASecond()
    {
        _psa.Faults.OnNextWrites(new SimulatedFault.DropConnection(AfterApply: true));

        var first = await Connector.AddLineAsync(NewLine("approval-8"));
        var retry = await Connector.AddLineAsync(NewLine("approval-8"));

        Assert.Equal(ApplyEvidence.ReReadAfterLostResponse, Assert.IsType<LineAdditionOutcome.Added>(first).Evidence);
        Assert.IsType<LineAdditionOutcome.AlreadyAdded>(retry);
        Assert.Single(_psa.AdditionsOf(ConnectWiseSeed.InitechManaged), a => a.ProductId == 9502);
        Assert.Equal(1, _psa.WriteRequestsReceived);
    }

    [Fact]
    public async Task ALostRequestThatNeverArrivedIsUnknownThenAddedOnceByTheNextCall()
    {
        _psa.Faults.OnNextWrites(new SimulatedFault.DropConnection(AfterApply: false));

        var first = await Connector.AddLineAsync(NewLine("approval-9"));
        var next = await Connector.AddLineAsync(NewLine("approval-9"));

        Assert.IsType<LineAdditionOutcome.OutcomeUnknown>(first);
        Assert.IsType<LineAdditionOutcome.Added>(next);
        Assert.Single(_psa.AdditionsOf(ConnectWiseSeed.InitechManaged), a => a.ProductId == 9502);
    }

    [Fact]
    public async Task AProductAlreadyBilledOnTheAgreementIsNotAddedAgain()
    {
        var outcome = await Connector.AddLineAsync(NewLine("approval-10", product: 9001));

        Assert.Equal(15m, Assert.IsType<LineAdditionOutcome.ProductAlreadyOnAgreement>(outcome).Line.Quantity);
        Assert.Equal(0, _psa.WriteRequestsReceived);
    }

    [Fact]
    public async Task ARefusedAdditionSaysWhyAndAddsNothing()
    {
        _psa.Faults.OnNextWrites(new SimulatedFault.Respond(
            """{"code":"InvalidObject","message":"addition object is invalid","errors":[{"code":"Required","message":"agreement type does not allow additions","field":"product"}]}""", 400));

        var outcome = await Connector.AddLineAsync(NewLine("approval-11"));

        Assert.Equal("InvalidObject", Assert.IsType<LineAdditionOutcome.Rejected>(outcome).Rejection.Code);
        Assert.DoesNotContain(_psa.AdditionsOf(ConnectWiseSeed.InitechManaged), a => a.ProductId == 9502);
    }
}
