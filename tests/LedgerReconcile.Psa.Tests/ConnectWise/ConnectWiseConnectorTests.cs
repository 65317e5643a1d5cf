using System.Globalization;
using LedgerReconcile.Psa.ConnectWise;
using LedgerReconcile.Simulators.Psa;
using LedgerReconcile.Simulators.Psa.ConnectWise;

namespace LedgerReconcile.Psa.Tests.ConnectWise;

public sealed class ConnectWiseConnectorTests : IAsyncLifetime
{
    private static readonly DateOnly June = new(2026, 6, 1);
    private static readonly string Acme = ConnectWiseSeed.Acme.ToString(CultureInfo.InvariantCulture);

    private ConnectWiseSimulator _psa = null!;
    private PsaTestHost _host = null!;

    private IPsaConnector Connector => _host.Connector;

    public async Task InitializeAsync()
    {
        _psa = await ConnectWiseSimulator.StartAsync();
        _host = Connect(pageSize: 1000);
    }

    public async Task DisposeAsync()
    {
        Assert.Empty(_psa.UnhandledExceptions);
        await _host.DisposeAsync();
        await _psa.DisposeAsync();
    }

    private PsaTestHost Connect(int pageSize) => PsaTestHost.Create(services => services.AddConnectWisePsa(o =>
    {
        var defaults = new ConnectWiseSimulatorOptions();
        o.BaseAddress = _psa.ApiBase;
        o.CompanyId = defaults.CompanyId;
        o.PublicKey = defaults.PublicKey;
        o.PrivateKey = defaults.PrivateKey;
        o.ClientId = defaults.ClientId;
        o.PageSize = pageSize;
        PsaTestHost.ShortenTimings(o);
    }));

    private async Task<PsaLine> M365Line() =>
        (await Connector.ListRecurringLinesAsync(Acme, June)).Single(l => l.ProductCode == "M365-BP");

    private static QuantityChange Change(PsaLine line, decimal from, decimal to) => new(line.LineRef, from, to, "approval-1", June);

    [Fact]
    public async Task ListsEveryActiveAdditionOfEveryActiveAgreementFollowingTheNextLinks()
    {
        await using var smallPages = Connect(pageSize: 2);

        var lines = await smallPages.Connector.ListRecurringLinesAsync(Acme, June);

        Assert.Equal(ConnectWiseSeed.AcmeActiveLineCount, lines.Count);
        Assert.Equal(lines.Count, lines.Select(l => l.LineRef).Distinct().Count());
        Assert.DoesNotContain(lines, l => l.ProductCode is "LEGACY-AV" or "HELPDESK-OLD");
        var backup = lines.Single(l => l.ProductCode == "BACKUP-TB");
        Assert.Equal((2.5m, 20m, "Acme Backup", Acme), (backup.Quantity, backup.UnitPrice, backup.AgreementName, backup.CompanyId));
        Assert.All(lines, l => Assert.True(l.IsWritable));
        Assert.True(_psa.Requests.Count(r => r.PathAndQuery.Contains("/agreements/801/additions", StringComparison.Ordinal)) >= 11);
    }

    [Fact]
    public async Task ReadsOneLineFreshFromThePsa()
    {
        var line = await M365Line();
        _psa.SetQuantity(ConnectWiseSeed.AcmeM365, 14);

        var fresh = await Connector.ReadLineAsync(line.LineRef, June);

        Assert.Equal((14m, "Acme Managed Services", "M365-BP"), (fresh.Quantity, fresh.AgreementName, fresh.ProductCode));
    }

    [Fact]
    public async Task WritesTheNewQuantityOnceAndReportsWhatThePsaShows()
    {
        var line = await M365Line();

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.Equal(new QuantityWriteOutcome.Applied(line.LineRef, 15, ApplyEvidence.ReadBack), outcome);
        Assert.Equal(15, _psa.Quantity(ConnectWiseSeed.AcmeM365));
        Assert.Equal(1, _psa.AppliedWrites(ConnectWiseSeed.AcmeM365));
        Assert.Equal(0, _psa.AppliedWrites(ConnectWiseSeed.AcmeEdr));
    }

    [Fact]
    public async Task RetriesAThrottledWriteAfterTheRetryAfterSecondsAndAppliesItOnce()
    {
        var line = await M365Line();
        _psa.Faults.OnNextWrites(new SimulatedFault.TooManyRequests(RetryAfterSeconds: 1));

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.IsType<QuantityWriteOutcome.Applied>(outcome);
        Assert.Equal(1, _psa.AppliedWrites(ConnectWiseSeed.AcmeM365));
        var writes = _psa.Requests.Where(r => r.IsWrite).ToList();
        Assert.Equal(2, writes.Count);
        Assert.True(writes[1].ReceivedAt - writes[0].ReceivedAt >= TimeSpan.FromMilliseconds(900), "Retry-After: 1 was not honoured");
    }

    [Fact]
    public async Task RetriesAThrottledWriteWithoutRetryAfterAndAppliesItOnce()
    {
        var line = await M365Line();
        _psa.Faults.OnNextWrites(new SimulatedFault.TooManyRequests(), new SimulatedFault.TooManyRequests());

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.IsType<QuantityWriteOutcome.Applied>(outcome);
        Assert.Equal((1, 3), (_psa.AppliedWrites(ConnectWiseSeed.AcmeM365), _psa.WriteRequestsReceived));
    }

    [Fact]
    public async Task AServerErrorOnTheWriteIsFollowedByAReReadAndOneAppliedWrite()
    {
        var line = await M365Line();
        _psa.Faults.OnNextWrites(new SimulatedFault.ServerError(500));

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.IsType<QuantityWriteOutcome.Applied>(outcome);
        Assert.Equal((1, 2, 15m), (_psa.AppliedWrites(ConnectWiseSeed.AcmeM365), _psa.WriteRequestsReceived, _psa.Quantity(ConnectWiseSeed.AcmeM365)));
    }

    [Fact]
    public async Task AServerErrorAfterTheWriteWasAppliedIsNotSentAgain()
    {
        var line = await M365Line();
        _psa.Faults.OnNextWrites(new SimulatedFault.ServerError(502, AfterApply: true));

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.Equal(new QuantityWriteOutcome.Applied(line.LineRef, 15, ApplyEvidence.ReReadAfterLostResponse), outcome);
        Assert.Equal((1, 1), (_psa.AppliedWrites(ConnectWiseSeed.AcmeM365), _psa.WriteRequestsReceived));
    }

    [Fact]
    public async Task ATimeoutAfterTheWriteTookEffectIsResolvedByReadingNotByWritingAgain()
    {
        var line = await M365Line();
        _psa.Faults.OnNextWrites(new SimulatedFault.Hang(TimeSpan.FromSeconds(30)));

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.Equal(new QuantityWriteOutcome.Applied(line.LineRef, 15, ApplyEvidence.ReReadAfterLostResponse), outcome);
        Assert.Equal((1, 1), (_psa.AppliedWrites(ConnectWiseSeed.AcmeM365), _psa.WriteRequestsReceived));
    }

    [Fact]
    public async Task ADroppedConnectionAfterTheWriteTookEffectIsNotSentAgain()
    {
        var line = await M365Line();
        _psa.Faults.OnNextWrites(new SimulatedFault.DropConnection());

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.Equal(new QuantityWriteOutcome.Applied(line.LineRef, 15, ApplyEvidence.ReReadAfterLostResponse), outcome);
        Assert.Equal((1, 1), (_psa.AppliedWrites(ConnectWiseSeed.AcmeM365), _psa.WriteRequestsReceived));
    }

    [Fact]
    public async Task ATimeoutBeforeTheWriteTookEffectIsSentAgainOnlyAfterAReReadShowsTheOldQuantity()
    {
        var line = await M365Line();
        _psa.Faults.OnNextWrites(new SimulatedFault.Hang(TimeSpan.FromSeconds(30), AfterApply: false));

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.IsType<QuantityWriteOutcome.Applied>(outcome);
        Assert.Equal((1, 2), (_psa.AppliedWrites(ConnectWiseSeed.AcmeM365), _psa.WriteRequestsReceived));
    }

    [Fact]
    public async Task AManualEditSinceTheLedgerReadStopsTheWrite()
    {
        var line = await M365Line();
        _psa.SetQuantity(ConnectWiseSeed.AcmeM365, 13);

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.Equal(new QuantityWriteOutcome.ManualEditDetected(line.LineRef, 12, 15, 13), outcome);
        Assert.Equal((0, 0, 13m), (_psa.AppliedWrites(ConnectWiseSeed.AcmeM365), _psa.WriteRequestsReceived, _psa.Quantity(ConnectWiseSeed.AcmeM365)));
    }

    [Fact]
    public async Task RepeatingAnAppliedChangeSendsNothing()
    {
        var line = await M365Line();
        await Connector.SetQuantityAsync(Change(line, 12, 15));

        var again = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.Equal(new QuantityWriteOutcome.AlreadyApplied(line.LineRef, 15), again);
        Assert.Equal((1, 1), (_psa.AppliedWrites(ConnectWiseSeed.AcmeM365), _psa.WriteRequestsReceived));
    }

    [Fact]
    public async Task WholeRecordValidationFailureIsRejectedWithTheFieldErrorAndNotRetried()
    {
        var line = await M365Line();
        _psa.BreakRecordValidation(ConnectWiseSeed.AcmeM365, "serialNumber");

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        var rejected = Assert.IsType<QuantityWriteOutcome.Rejected>(outcome);
        Assert.Equal((400, "InvalidObject"), (rejected.Rejection.HttpStatus, rejected.Rejection.Code));
        Assert.Equal("serialNumber", Assert.Single(rejected.Rejection.Errors).Field);
        Assert.Equal((0, 1, 12m), (_psa.AppliedWrites(ConnectWiseSeed.AcmeM365), _psa.WriteRequestsReceived, _psa.Quantity(ConnectWiseSeed.AcmeM365)));
    }

    [Fact]
    public async Task ReadsAreRetriedAfterThrottlingServerErrorsAndDroppedConnections()
    {
        _psa.Faults.OnNextReads(new SimulatedFault.TooManyRequests(), new SimulatedFault.ServerError(503), new SimulatedFault.DropConnection());

        var lines = await Connector.ListRecurringLinesAsync(Acme, June);

        Assert.Equal(ConnectWiseSeed.AcmeActiveLineCount, lines.Count);
    }

    [Fact]
    public async Task ACancelledAdditionIsReadOnlyAndRefused()
    {
        var cancelled = await Connector.ReadLineAsync($"cw:{Acme}:{ConnectWiseSeed.AcmeManagedServices}:{ConnectWiseSeed.AcmeCancelledLine}", June);

        var outcome = await Connector.SetQuantityAsync(Change(cancelled, 25, 20));

        Assert.False(cancelled.IsWritable);
        Assert.IsType<QuantityWriteOutcome.Refused>(outcome);
        Assert.Equal(0, _psa.WriteRequestsReceived);
    }

    [Fact]
    public async Task AnUnknownOutcomeIsResolvedByReadingOnly()
    {
        var line = await M365Line();

        var notApplied = await Connector.ResolveUnknownOutcomeAsync(line.LineRef, 12, 15, June);
        _psa.SetQuantity(ConnectWiseSeed.AcmeM365, 15);
        var applied = await Connector.ResolveUnknownOutcomeAsync(line.LineRef, 12, 15, June);
        _psa.SetQuantity(ConnectWiseSeed.AcmeM365, 9);
        var edited = await Connector.ResolveUnknownOutcomeAsync(line.LineRef, 12, 15, June);

        Assert.IsType<UnknownOutcomeResolution.NotApplied>(notApplied);
        Assert.IsType<UnknownOutcomeResolution.Applied>(applied);
        Assert.Equal(new UnknownOutcomeResolution.ManualEditDetected(line.LineRef, 9), edited);
        Assert.Equal(0, _psa.WriteRequestsReceived);
    }

    [Fact]
    public async Task AnEditRacingTheWriteIsLostBecauseConnectWiseHasNoCompareAndSet()
    {
        // Documents the limit of every safe-update pattern here: the edit lands between the adapter's fresh read
        // and its PATCH, ConnectWise applies the PATCH anyway, and nothing in its answer shows the edit.
        var line = await M365Line();
        _psa.EditWhenNextWriteArrives(ConnectWiseSeed.AcmeM365, 13);

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.Equal(new QuantityWriteOutcome.Applied(line.LineRef, 15, ApplyEvidence.ReadBack), outcome);
        Assert.Equal(1, _psa.AppliedWrites(ConnectWiseSeed.AcmeM365));
    }
}
