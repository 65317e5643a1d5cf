using System.Globalization;
using LedgerReconcile.Psa.Syncro;
using LedgerReconcile.Simulators.Psa;
using LedgerReconcile.Simulators.Psa.Syncro;

namespace LedgerReconcile.Psa.Tests.Syncro;

public sealed class SyncroDirectoryTests : IAsyncLifetime
{
    private static readonly DateOnly June = new(2026, 6, 1);
    private static readonly string Acme = Id(SyncroSeed.Acme);
    private static readonly string Managed = Id(SyncroSeed.AcmeManagedServices);

    private SyncroSimulator _psa = null!;
    private PsaTestHost _host = null!;

    private IPsaConnector Connector => _host.Connector;

    public async Task InitializeAsync()
    {
        _psa = await SyncroSimulator.StartAsync(new SyncroSimulatorOptions { PerPage = 2 });
        _host = Connect(_psa);
    }

    public async Task DisposeAsync()
    {
        Assert.Empty(_psa.UnhandledExceptions);
        Assert.DoesNotContain(_psa.Requests, r => r.Method == "DELETE");
        await _host.DisposeAsync();
        await _psa.DisposeAsync();
    }

    private static PsaTestHost Connect(SyncroSimulator psa, Action<SyncroOptions>? adjust = null) => SyncroConnectorTests.Connect(psa, adjust);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static NewPsaLine NewLine(string key, long product = 9099) => new(Acme, Managed, Id(product), 6, 3.25m, June, key, "DNS filtering");

    [Fact]
    public async Task FindsCustomersByAnyPartOfTheNameAcrossPagesAndSaysWhichAreDisabled()
    {
        var found = await Connector.SearchCompaniesAsync("ini");

        Assert.Equal([("Initech Software", true), ("Initrode", false)], found.Select(c => (c.Name, c.IsActive)));
        Assert.Equal(4, (await Connector.SearchCompaniesAsync("")).Count);
    }

    [Fact]
    public async Task ListsSchedulesWithPausedOnesInactiveAndFiltersByFrequency()
    {
        var all = await Connector.ListAgreementsAsync(Acme);
        var quarterly = await Connector.ListAgreementsAsync(Acme, ["quarterly"]);

        Assert.Equal(SyncroSeed.AcmeScheduleCount, all.Count);
        Assert.False(all.Single(a => a.Id == Id(SyncroSeed.AcmePausedSchedule)).IsActive);
        Assert.Equal("Acme Quarterly Review", Assert.Single(quarterly).Name);
    }

    [Fact]
    public async Task ListsEveryLineOfASchedulePausedOnesIncludedWithProductAndStatus()
    {
        var lines = await Connector.ListAgreementLinesAsync(Acme, Managed, June);
        var paused = await Connector.ListAgreementLinesAsync(Acme, Id(SyncroSeed.AcmePausedSchedule), June);

        var m365 = lines.Single(l => l.LineRef == $"syncro:{Acme}:{Managed}:{SyncroSeed.AcmeM365}");
        Assert.Equal(("9001", 12m, 22m, PsaBilling.Billable, PsaLineStatus.Active, (string?)null),
            (m365.ProductId, m365.Quantity, m365.UnitPrice, m365.Billing, m365.Status, m365.LastUpdatedBy));
        Assert.Equal(4, lines.Count);
        Assert.Equal(PsaLineStatus.AgreementInactive, Assert.Single(paused).Status);
        await Assert.ThrowsAsync<PsaException>(() => Connector.ListAgreementLinesAsync(Id(SyncroSeed.Globex), Managed, June));
    }

    [Fact]
    public async Task AddsALineOnceEvenWhenTheAnswerIsLostAndARetryFollows()
    {
        _psa.Faults.OnNextWrites(new SimulatedFault.Hang(TimeSpan.FromSeconds(5), AfterApply: true));

        var first = await Connector.AddLineAsync(NewLine("approval-21"));
        var retry = await Connector.AddLineAsync(NewLine("approval-21"));

        var added = Assert.IsType<LineAdditionOutcome.Added>(first);
        Assert.Equal((ApplyEvidence.ReReadAfterLostResponse, "9099", 6m, 3.25m, "DNS filtering"),
            (added.Evidence, added.Line.ProductId, added.Line.Quantity, added.Line.UnitPrice, added.Line.Description));
        Assert.Equal(added.Line.LineRef, Assert.IsType<LineAdditionOutcome.AlreadyAdded>(retry).Line.LineRef);
        Assert.Single(_psa.LinesOf(SyncroSeed.AcmeManagedServices), l => l.ProductId == 9099);
    }

    [Fact]
    public async Task AnAddedLineCanThenHaveItsQuantitySet()
    {
        var added = Assert.IsType<LineAdditionOutcome.Added>(await Connector.AddLineAsync(NewLine("approval-22")));

        var outcome = await Connector.SetQuantityAsync(new(added.Line.LineRef, 6, 9, "approval-23", June));

        Assert.IsType<QuantityWriteOutcome.Applied>(outcome);
        Assert.Equal(ApplyEvidence.ReadBack, added.Evidence);
    }

    [Fact]
    public async Task AProductAlreadyOnTheScheduleIsNotAddedAgainAndAFaultIsRetriedOnlyAfterARead()
    {
        var existing = await Connector.AddLineAsync(NewLine("approval-24", product: 9001));
        _psa.Faults.OnNextWrites(new SimulatedFault.ServerError(503));
        var afterFault = await Connector.AddLineAsync(NewLine("approval-25"));

        Assert.Equal(SyncroSeed.AcmeM365.ToString(CultureInfo.InvariantCulture),
            Assert.IsType<LineAdditionOutcome.ProductAlreadyOnAgreement>(existing).Line.LineRef.Split(':')[^1]);
        Assert.IsType<LineAdditionOutcome.Added>(afterFault);
        Assert.Equal(2, _psa.WriteRequestsReceived);
        Assert.Single(_psa.LinesOf(SyncroSeed.AcmeManagedServices), l => l.ProductId == 9099);
    }

    [Fact]
    public async Task TwoConnectorsToOneSyncroHostShareOneRequestBudget()
    {
        _psa.RateLimit = new SimulatedRateLimit(5, TimeSpan.FromSeconds(1));
        // Each tenant alone stays within the PSA's limit with room for the jitter between leaving here and arriving there.
        void Limit(SyncroOptions o) => (o.RequestLimit, o.RequestLimitWindow) = (4, TimeSpan.FromSeconds(1.5));
        await using var tenantA = Connect(_psa, Limit);
        await using var tenantB = Connect(_psa, Limit);

        await Task.WhenAll(Enumerable.Range(0, 6).SelectMany(_ => new[]
        {
            tenantA.Connector.ReadLineAsync($"syncro:{Acme}:{Managed}:{SyncroSeed.AcmeM365}", June),
            tenantB.Connector.ReadLineAsync($"syncro:{Acme}:{Managed}:{SyncroSeed.AcmeEdr}", June),
        }));

        Assert.Equal(0, _psa.RateLimitedAnswers);
        Assert.Equal(12, _psa.Requests.Count);
    }

    [Fact]
    public async Task TheSimulatorsOwnLimitAnswers429UnlessSwitchedOff()
    {
        _psa.RateLimit = new SimulatedRateLimit(3, TimeSpan.FromMinutes(1));
        await using var unlimited = Connect(_psa, o => (o.EnforceRequestLimits, o.MaxRetries) = (false, 1));

        await unlimited.Connector.ListAgreementsAsync(Acme);
        Assert.Equal(PsaFailureKind.Transient, (await Assert.ThrowsAsync<PsaException>(() => unlimited.Connector.ListAgreementsAsync(Acme))).Kind);
        _psa.RateLimit = null;
        await unlimited.Connector.ListAgreementsAsync(Acme);

        Assert.True(_psa.RateLimitedAnswers > 0);
    }
}
