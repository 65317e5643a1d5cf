using System.Globalization;
using LedgerReconcile.Psa.Autotask;
using LedgerReconcile.Simulators.Psa;
using LedgerReconcile.Simulators.Psa.Autotask;

namespace LedgerReconcile.Psa.Tests.Autotask;

public sealed class AutotaskConnectorTests : IAsyncLifetime
{
    private static readonly DateOnly June = new(2026, 6, 1);
    private static readonly string Acme = AutotaskSeed.Acme.ToString(CultureInfo.InvariantCulture);

    private AutotaskSimulator _psa = null!;
    private PsaTestHost _host = null!;

    private IPsaConnector Connector => _host.Connector;

    public async Task InitializeAsync()
    {
        _psa = await AutotaskSimulator.StartAsync();
        _host = Connect(_psa);
    }

    public async Task DisposeAsync()
    {
        Assert.Empty(_psa.UnhandledExceptions);
        await _host.DisposeAsync();
        await _psa.DisposeAsync();
    }

    private static PsaTestHost Connect(AutotaskSimulator psa, int pageSize = 500) => PsaTestHost.Create(services => services.AddAutotaskPsa(o =>
    {
        var defaults = new AutotaskSimulatorOptions();
        o.ZoneLookupAddress = psa.ZoneLookupAddress;
        o.UserName = defaults.UserName;
        o.Secret = defaults.Secret;
        o.ApiIntegrationCode = defaults.ApiIntegrationCode;
        o.PageSize = pageSize;
        PsaTestHost.ShortenTimings(o);
    }));

    private async Task<PsaLine> Line(string service) =>
        (await Connector.ListRecurringLinesAsync(Acme, June)).Single(l => l.ProductCode == service);

    private static QuantityChange Change(PsaLine line, decimal from, decimal to, DateOnly? effective = null) =>
        new(line.LineRef, from, to, "approval-1", effective ?? June);

    private int WritesReceived => _psa.WriteRequestsReceived;

    private int ZoneLookups() => _psa.Requests.Count(r => r.PathAndQuery.Contains("zoneInformation", StringComparison.Ordinal));

    [Fact]
    public async Task ListsTheUnitsOfEveryRecurringServiceFollowingNextPageUrlsFromTheZone()
    {
        await using var smallPages = Connect(_psa, pageSize: 5);

        var lines = await smallPages.Connector.ListRecurringLinesAsync(Acme, June);
        var zoneLookups = ZoneLookups();
        await smallPages.Connector.ListRecurringLinesAsync(Acme, June);

        Assert.Equal(AutotaskSeed.AcmeLineCount, lines.Count);
        var m365 = lines.Single(l => l.ProductCode == "M365-BP");
        Assert.Equal((12m, 2.5m, "Acme Managed Services", "M365-BP (Acme)"), (m365.Quantity, m365.UnitPrice, m365.AgreementName, m365.Description));
        Assert.Equal(25m, lines.Single(l => l.ProductCode == "BACKUP-M365").Quantity);
        Assert.DoesNotContain(lines, l => l.AgreementName == "Acme Block Hours");
        Assert.True(_psa.Requests.Count(r => r.PathAndQuery.Contains("/ContractServices/query/next", StringComparison.OrdinalIgnoreCase)) >= 2);
        Assert.True(zoneLookups >= 1);
        Assert.Equal(zoneLookups, ZoneLookups());
    }

    [Fact]
    public async Task SendsOneAdjustmentOfTargetMinusCurrentFromTheEffectiveDate()
    {
        var line = await Line("M365-BP");
        var midJune = new DateOnly(2026, 6, 15);

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15, midJune));

        Assert.Equal(new QuantityWriteOutcome.Applied(line.LineRef, 15, ApplyEvidence.ReadBack), outcome);
        var adjustment = Assert.Single(_psa.Adjustments);
        Assert.Equal((AutotaskSeed.AcmeM365, midJune, 3), (adjustment.ContractServiceId, adjustment.EffectiveDate, adjustment.UnitChange));
        Assert.Equal((12, 15, 15), (_psa.Units(AutotaskSeed.AcmeM365, new DateOnly(2026, 6, 14)), _psa.Units(AutotaskSeed.AcmeM365, midJune), _psa.Units(AutotaskSeed.AcmeM365, new DateOnly(2026, 7, 1))));
    }

    [Fact]
    public async Task ALowerQuantityIsANegativeAdjustment()
    {
        var line = await Line("EDR-WS");

        var outcome = await Connector.SetQuantityAsync(Change(line, 30, 25));

        Assert.IsType<QuantityWriteOutcome.Applied>(outcome);
        Assert.Equal(-5, Assert.Single(_psa.Adjustments).UnitChange);
        Assert.Equal(25, _psa.Units(AutotaskSeed.AcmeEdr, June));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(null)]
    public async Task AThrottledAdjustmentIsRetriedAndAppliedOnce(int? retryAfterSeconds)
    {
        var line = await Line("M365-BP");
        _psa.Faults.OnNextWrites(new SimulatedFault.TooManyRequests(retryAfterSeconds));

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.IsType<QuantityWriteOutcome.Applied>(outcome);
        Assert.Equal((1, 2), (_psa.AppliedWrites(AutotaskSeed.AcmeM365), WritesReceived));
    }

    [Fact]
    public async Task AServerErrorIsFollowedByAFreshReadAndExactlyOneAdjustment()
    {
        var line = await Line("M365-BP");
        _psa.Faults.OnNextWrites(new SimulatedFault.ServerError(500));

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.IsType<QuantityWriteOutcome.Applied>(outcome);
        Assert.Equal((1, 2, 15), (_psa.AppliedWrites(AutotaskSeed.AcmeM365), WritesReceived, _psa.Units(AutotaskSeed.AcmeM365, June)));
    }

    [Fact]
    public async Task AServerErrorAfterTheAdjustmentWasAppliedIsNotSentAgain()
    {
        var line = await Line("M365-BP");
        _psa.Faults.OnNextWrites(new SimulatedFault.ServerError(500, AfterApply: true));

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.Equal(new QuantityWriteOutcome.Applied(line.LineRef, 15, ApplyEvidence.ReReadAfterLostResponse), outcome);
        Assert.Equal((1, 1, 15), (_psa.AppliedWrites(AutotaskSeed.AcmeM365), WritesReceived, _psa.Units(AutotaskSeed.AcmeM365, June)));
    }

    [Fact]
    public async Task ATimeoutAfterTheAdjustmentTookEffectNeverSendsASecondDelta()
    {
        var line = await Line("M365-BP");
        _psa.Faults.OnNextWrites(new SimulatedFault.Hang(TimeSpan.FromSeconds(30)));

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.Equal(new QuantityWriteOutcome.Applied(line.LineRef, 15, ApplyEvidence.ReReadAfterLostResponse), outcome);
        Assert.Equal((1, 1, 15), (_psa.AppliedWrites(AutotaskSeed.AcmeM365), WritesReceived, _psa.Units(AutotaskSeed.AcmeM365, June)));
    }

    [Fact]
    public async Task ADroppedConnectionAfterTheAdjustmentTookEffectNeverSendsASecondDelta()
    {
        var line = await Line("M365-BP");
        _psa.Faults.OnNextWrites(new SimulatedFault.DropConnection());

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.IsType<QuantityWriteOutcome.Applied>(outcome);
        Assert.Equal((1, 1, 15), (_psa.AppliedWrites(AutotaskSeed.AcmeM365), WritesReceived, _psa.Units(AutotaskSeed.AcmeM365, June)));
    }

    [Fact]
    public async Task ATimeoutWithTheOldUnitsStillShowingIsReportedUnknownNotResent()
    {
        var line = await Line("M365-BP");
        _psa.Faults.OnNextWrites(new SimulatedFault.Hang(TimeSpan.FromSeconds(30), AfterApply: false));

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));
        var resolution = await Connector.ResolveUnknownOutcomeAsync(line.LineRef, 12, 15, June);

        Assert.IsType<QuantityWriteOutcome.OutcomeUnknown>(outcome);
        Assert.Equal(new UnknownOutcomeResolution.NotApplied(line.LineRef, 12), resolution);
        Assert.Equal((0, 1), (_psa.AppliedWrites(AutotaskSeed.AcmeM365), WritesReceived));
    }

    [Fact]
    public async Task AManualEditSinceTheLedgerReadStopsTheAdjustment()
    {
        var line = await Line("M365-BP");
        _psa.SetUnits(AutotaskSeed.AcmeM365, June, 14);

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.Equal(new QuantityWriteOutcome.ManualEditDetected(line.LineRef, 12, 15, 14), outcome);
        Assert.Equal((0, 0, 14), (_psa.AppliedWrites(AutotaskSeed.AcmeM365), WritesReceived, _psa.Units(AutotaskSeed.AcmeM365, June)));
    }

    [Fact]
    public async Task RepeatingAnAppliedChangeSendsNoSecondAdjustment()
    {
        var line = await Line("M365-BP");
        await Connector.SetQuantityAsync(Change(line, 12, 15));

        var again = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.Equal(new QuantityWriteOutcome.AlreadyApplied(line.LineRef, 15), again);
        Assert.Equal((1, 1, 15), (_psa.AppliedWrites(AutotaskSeed.AcmeM365), WritesReceived, _psa.Units(AutotaskSeed.AcmeM365, June)));
    }

    [Theory]
    [InlineData(12, 12.5)]
    [InlineData(12.5, 13)]
    public async Task AFractionalQuantityIsRefusedBeforeAnythingIsSent(decimal from, decimal to)
    {
        var line = await Line("M365-BP");
        var requestsBefore = _psa.Requests.Count;

        var outcome = await Connector.SetQuantityAsync(Change(line, from, to));

        var refused = Assert.IsType<QuantityWriteOutcome.Refused>(outcome);
        Assert.Contains("whole numbers", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(requestsBefore, _psa.Requests.Count);
    }

    [Fact]
    public async Task AValidationErrorRepeatedOnEveryAttemptIsRejectedWithAutotasksMessage()
    {
        var line = await Line("M365-BP");
        _psa.RejectAdjustments(AutotaskSeed.AcmeM365, "The effective date falls within a period that has been approved and posted.");

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        var rejected = Assert.IsType<QuantityWriteOutcome.Rejected>(outcome);
        Assert.Contains("approved and posted", Assert.Single(rejected.Rejection.Errors).Message, StringComparison.Ordinal);
        Assert.Equal((0, 3, 12), (_psa.AppliedWrites(AutotaskSeed.AcmeM365), WritesReceived, _psa.Units(AutotaskSeed.AcmeM365, June)));
    }

    [Fact]
    public async Task AnEditRacingTheAdjustmentShowsUpAsAReadBackMismatch()
    {
        // Autotask has no compare-and-set, so the delta lands on top of the person's edit (14 + 3); the read-back exposes it.
        var line = await Line("M365-BP");
        _psa.EditWhenNextWriteArrives(AutotaskSeed.AcmeM365, 14);

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.Equal(new QuantityWriteOutcome.ReadBackMismatch(line.LineRef, 15, 17), outcome);
        Assert.Equal(1, _psa.AppliedWrites(AutotaskSeed.AcmeM365));
    }

    [Fact]
    public async Task ReadsAreRetriedAfterThrottlingServerErrorsAndDroppedConnections()
    {
        await Line("M365-BP");
        _psa.Faults.OnNextReads(new SimulatedFault.TooManyRequests(), new SimulatedFault.ServerError(500), new SimulatedFault.DropConnection());

        var lines = await Connector.ListRecurringLinesAsync(Acme, June);

        Assert.Equal(AutotaskSeed.AcmeLineCount, lines.Count);
    }

    [Fact]
    public async Task NoMoreThanThreeRequestsAreInFlightPerEndpoint()
    {
        await using var slow = await AutotaskSimulator.StartAsync(new AutotaskSimulatorOptions { QueryLatency = TimeSpan.FromMilliseconds(150) });
        await using var host = Connect(slow);
        var lineRefs = (await host.Connector.ListRecurringLinesAsync(Acme, June)).Select(l => l.LineRef).Take(9).ToList();

        var reads = await Task.WhenAll(lineRefs.Select(lineRef => host.Connector.ReadLineAsync(lineRef, June)));

        Assert.Equal(9, reads.Length);
        foreach (var endpoint in new[] { "ContractServices", "Contracts", "Services", "ContractServiceUnits" })
            Assert.InRange(slow.MaxConcurrentRequests(endpoint), 2, 3);
    }
}
