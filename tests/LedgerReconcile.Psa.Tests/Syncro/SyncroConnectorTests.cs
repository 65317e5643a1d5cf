using System.Globalization;
using System.Text.Json.Nodes;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Psa.Syncro;
using LedgerReconcile.Simulators.Psa;
using LedgerReconcile.Simulators.Psa.Syncro;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerReconcile.Psa.Tests.Syncro;

public sealed class SyncroConnectorTests : IAsyncLifetime
{
    private static readonly DateOnly June = new(2026, 6, 1);
    private static readonly string Acme = SyncroSeed.Acme.ToString(CultureInfo.InvariantCulture);

    private SyncroSimulator _psa = null!;
    private PsaTestHost _host = null!;

    private IPsaConnector Connector => _host.Connector;

    public async Task InitializeAsync()
    {
        _psa = await SyncroSimulator.StartAsync();
        _host = Connect(_psa);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await StopAsync(_psa);
    }

    private static async Task StopAsync(SyncroSimulator psa)
    {
        Assert.Empty(psa.UnhandledExceptions);
        // Syncro's DELETE /schedules/{id} destroys the template with no undo: the only write ever sent is a line item's PUT.
        Assert.All(psa.Requests.Where(r => r.IsWrite),
            r => Assert.Matches(@"^PUT /api/v1/schedules/\d+/line_items/\d+$", $"{r.Method} {r.PathAndQuery}"));
        await psa.DisposeAsync();
    }

    internal static PsaTestHost Connect(SyncroSimulator psa, Action<SyncroOptions>? adjust = null) => PsaTestHost.Create(services => services.AddSyncroPsa(o =>
    {
        o.BaseAddress = psa.ApiBase;
        o.ApiToken = new SyncroSimulatorOptions().ApiToken;
        PsaTestHost.ShortenTimings(o);
        adjust?.Invoke(o);
    }));

    private static string Ref(long schedule, long line) => $"syncro:{Acme}:{schedule}:{line}";

    private async Task<PsaLine> Line(long lineId) =>
        (await Connector.ListRecurringLinesAsync(Acme, June)).Single(l => l.LineRef.EndsWith($":{lineId}", StringComparison.Ordinal));

    private static QuantityChange Change(PsaLine line, decimal from, decimal to) => new(line.LineRef, from, to, "approval-1", June);

    [Fact]
    public async Task ListsTheLinesOfEveryRunningScheduleFollowingThePages()
    {
        var paged = await SyncroSimulator.StartAsync(new SyncroSimulatorOptions { PerPage = 2 });
        await using (var host = Connect(paged))
        {
            var lines = await host.Connector.ListRecurringLinesAsync(Acme, June);

            Assert.Equal(SyncroSeed.AcmeListedLineCount, lines.Count);
            Assert.Equal(lines.Count, lines.Select(l => l.LineRef).Distinct().Count());
            Assert.DoesNotContain(lines, l => l.LineRef == Ref(SyncroSeed.AcmePausedSchedule, SyncroSeed.AcmePausedLine));
            Assert.All(lines, l => Assert.Equal((PsaKind.Syncro, Acme), (l.Psa, l.CompanyId)));
            var m365 = lines.Single(l => l.LineRef == Ref(SyncroSeed.AcmeManagedServices, SyncroSeed.AcmeM365));
            Assert.Equal(("5101", "Acme Managed Services", "9001", "Microsoft 365 Business Premium", 12m, 22m),
                (m365.AgreementId, m365.AgreementName, m365.ProductCode, m365.Description, m365.Quantity, m365.UnitPrice));
            var pages = paged.Requests.Where(r => r.PathAndQuery.StartsWith("/api/v1/schedules?", StringComparison.Ordinal)).Select(r => r.PathAndQuery).ToList();
            Assert.Equal(
                [$"/api/v1/schedules?customer_id={Acme}&page=1", $"/api/v1/schedules?customer_id={Acme}&page=2", $"/api/v1/schedules?customer_id={Acme}&page=3"],
                pages);
        }
        await StopAsync(paged);
    }

    [Fact]
    public async Task ReadsEachScheduleWhenTheListCarriesNoLines()
    {
        var bare = await SyncroSimulator.StartAsync(new SyncroSimulatorOptions { ListIncludesLines = false });
        await using (var host = Connect(bare))
        {
            var lines = await host.Connector.ListRecurringLinesAsync(Acme, June);

            Assert.Equal(SyncroSeed.AcmeListedLineCount, lines.Count);
            Assert.Equal(12m, lines.Single(l => l.LineRef == Ref(SyncroSeed.AcmeManagedServices, SyncroSeed.AcmeM365)).Quantity);
            Assert.Equal(SyncroSeed.AcmeScheduleCount - 1, bare.Requests.Count(r => r.PathAndQuery.StartsWith("/api/v1/schedules/", StringComparison.Ordinal)));
        }
        await StopAsync(bare);
    }

    [Fact]
    public async Task QuantitiesSentAsStringsOrNumbersAreReadAsDecimals()
    {
        var lines = await Connector.ListRecurringLinesAsync(Acme, June);
        _psa.SetQuantity(SyncroSeed.AcmeM365, 9.99m);

        var fresh = await Connector.ReadLineAsync(Ref(SyncroSeed.AcmeManagedServices, SyncroSeed.AcmeM365), June);

        decimal QuantityOf(long id) => lines.Single(l => l.LineRef.EndsWith($":{id}", StringComparison.Ordinal)).Quantity;
        Assert.Equal((12m, 30m, 2.5m), (QuantityOf(SyncroSeed.AcmeM365), QuantityOf(SyncroSeed.AcmeEdr), QuantityOf(SyncroSeed.AcmeBackup)));
        Assert.Equal(9.99m, fresh.Quantity);
    }

    [Fact]
    public async Task ADynamicLineCountedBySyncroIsReadOnlyAndRefused()
    {
        var counted = await Line(SyncroSeed.AcmeRmmCounter);

        var outcome = await Connector.SetQuantityAsync(Change(counted, 28, 30));

        Assert.False(counted.IsWritable);
        Assert.Contains("recurring_type_id", Assert.IsType<QuantityWriteOutcome.Refused>(outcome).Reason, StringComparison.Ordinal);
        Assert.Equal((0, 28m), (_psa.WriteRequestsReceived, _psa.Quantity(SyncroSeed.AcmeRmmCounter)));
        Assert.Equal(SyncroSeed.AcmeListedLineCount - 1, (await Connector.ListRecurringLinesAsync(Acme, June)).Count(l => l.IsWritable));
    }

    [Fact]
    public async Task ALineOnAPausedScheduleIsReadOnlyAndRefused()
    {
        var paused = await Connector.ReadLineAsync(Ref(SyncroSeed.AcmePausedSchedule, SyncroSeed.AcmePausedLine), June);

        var outcome = await Connector.SetQuantityAsync(Change(paused, 25, 20));

        Assert.False(paused.IsWritable);
        Assert.IsType<QuantityWriteOutcome.Refused>(outcome);
        Assert.Equal(0, _psa.WriteRequestsReceived);
    }

    [Fact]
    public async Task WritesTheNewQuantityOnceWithTheLinesOwnNameAndReportsWhatSyncroShows()
    {
        var line = await Line(SyncroSeed.AcmeM365);

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.Equal(new QuantityWriteOutcome.Applied(line.LineRef, 15, ApplyEvidence.ReadBack), outcome);
        Assert.Equal((1, 15m, "Microsoft 365 Business Premium"), (_psa.AppliedWrites(SyncroSeed.AcmeM365), _psa.Quantity(SyncroSeed.AcmeM365), _psa.Name(SyncroSeed.AcmeM365)));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"quantity":15,"name":"Microsoft 365 Business Premium"}"""), Assert.Single(_psa.LineItemUpdates)));
        Assert.Equal(0, _psa.AppliedWrites(SyncroSeed.AcmeEdr));
        Assert.Equal(15m, (await Connector.ReadLineAsync(line.LineRef, June)).Quantity);
    }

    [Fact]
    public async Task WritesAFractionalQuantityAndTakesTheStringInSyncrosAnswerAsTheReadBack()
    {
        var backup = await Line(SyncroSeed.AcmeBackup);
        var readsBefore = _psa.Requests.Count;

        var outcome = await Connector.SetQuantityAsync(Change(backup, 2.5m, 2.75m));

        Assert.Equal(new QuantityWriteOutcome.Applied(backup.LineRef, 2.75m, ApplyEvidence.ReadBack), outcome);
        Assert.Equal((1, 2.75m), (_psa.AppliedWrites(SyncroSeed.AcmeBackup), _psa.Quantity(SyncroSeed.AcmeBackup)));
        // One fresh read, one PUT: the echoed "2.75" verified the write without another request under the rate limit.
        Assert.Equal(["GET", "PUT"], _psa.Requests.Skip(readsBefore).Select(r => r.Method));
    }

    [Fact]
    public async Task RetriesAThrottledWriteAfterTheRetryAfterSecondsAndAppliesItOnce()
    {
        var line = await Line(SyncroSeed.AcmeM365);
        _psa.Faults.OnNextWrites(new SimulatedFault.TooManyRequests(RetryAfterSeconds: 1));

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.IsType<QuantityWriteOutcome.Applied>(outcome);
        var writes = _psa.Requests.Where(r => r.IsWrite).ToList();
        Assert.Equal((2, 1), (writes.Count, _psa.AppliedWrites(SyncroSeed.AcmeM365)));
        Assert.True(writes[1].ReceivedAt - writes[0].ReceivedAt >= TimeSpan.FromMilliseconds(900), "Retry-After: 1 was not honoured");
    }

    [Fact]
    public async Task AThrottledWriteWithoutRetryAfterWaitsTheConfiguredBackOffAndIsAppliedOnce()
    {
        await using var host = Connect(_psa, o => o.RateLimitedDelay = TimeSpan.FromMilliseconds(400));
        var line = await host.Connector.ReadLineAsync(Ref(SyncroSeed.AcmeManagedServices, SyncroSeed.AcmeM365), June);
        _psa.Faults.OnNextWrites(new SimulatedFault.TooManyRequests(), new SimulatedFault.TooManyRequests());

        var outcome = await host.Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.IsType<QuantityWriteOutcome.Applied>(outcome);
        var writes = _psa.Requests.Where(r => r.IsWrite).ToList();
        Assert.Equal((3, 1), (writes.Count, _psa.AppliedWrites(SyncroSeed.AcmeM365)));
        Assert.All(writes.Zip(writes.Skip(1)), pair =>
            Assert.True(pair.Second.ReceivedAt - pair.First.ReceivedAt >= TimeSpan.FromMilliseconds(380), "the 429 back-off was not honoured"));
    }

    [Fact]
    public async Task AServerErrorOnTheWriteIsFollowedByAReReadAndOneAppliedWrite()
    {
        var line = await Line(SyncroSeed.AcmeM365);
        _psa.Faults.OnNextWrites(new SimulatedFault.ServerError(500));

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.IsType<QuantityWriteOutcome.Applied>(outcome);
        Assert.Equal((1, 2, 15m), (_psa.AppliedWrites(SyncroSeed.AcmeM365), _psa.WriteRequestsReceived, _psa.Quantity(SyncroSeed.AcmeM365)));
    }

    [Fact]
    public async Task AServerErrorAfterTheWriteWasAppliedIsNotSentAgain()
    {
        var line = await Line(SyncroSeed.AcmeM365);
        _psa.Faults.OnNextWrites(new SimulatedFault.ServerError(500, AfterApply: true));

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.Equal(new QuantityWriteOutcome.Applied(line.LineRef, 15, ApplyEvidence.ReReadAfterLostResponse), outcome);
        Assert.Equal((1, 1), (_psa.AppliedWrites(SyncroSeed.AcmeM365), _psa.WriteRequestsReceived));
    }

    [Fact]
    public async Task ATimeoutAfterTheWriteTookEffectIsResolvedByReadingNotByWritingAgain()
    {
        var line = await Line(SyncroSeed.AcmeM365);
        _psa.Faults.OnNextWrites(new SimulatedFault.Hang(TimeSpan.FromSeconds(30)));

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.Equal(new QuantityWriteOutcome.Applied(line.LineRef, 15, ApplyEvidence.ReReadAfterLostResponse), outcome);
        Assert.Equal((1, 1), (_psa.AppliedWrites(SyncroSeed.AcmeM365), _psa.WriteRequestsReceived));
    }

    [Fact]
    public async Task AManualEditSinceTheLedgerReadStopsTheWrite()
    {
        var line = await Line(SyncroSeed.AcmeM365);
        _psa.SetQuantity(SyncroSeed.AcmeM365, 13);

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.Equal(new QuantityWriteOutcome.ManualEditDetected(line.LineRef, 12, 15, 13), outcome);
        Assert.Equal((0, 0, 13m), (_psa.AppliedWrites(SyncroSeed.AcmeM365), _psa.WriteRequestsReceived, _psa.Quantity(SyncroSeed.AcmeM365)));
    }

    [Fact]
    public async Task RepeatingAnAppliedChangeSendsNothing()
    {
        var line = await Line(SyncroSeed.AcmeM365);
        await Connector.SetQuantityAsync(Change(line, 12, 15));

        var again = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.Equal(new QuantityWriteOutcome.AlreadyApplied(line.LineRef, 15), again);
        Assert.Equal((1, 1), (_psa.AppliedWrites(SyncroSeed.AcmeM365), _psa.WriteRequestsReceived));
    }

    [Fact]
    public async Task AValidationErrorIsRejectedWithSyncrosMessagesAndNotRetried()
    {
        var line = await Line(SyncroSeed.AcmeM365);
        _psa.SetName(SyncroSeed.AcmeM365, "");

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        var rejected = Assert.IsType<QuantityWriteOutcome.Rejected>(outcome);
        Assert.Equal((422, "Name can't be blank"), (rejected.Rejection.HttpStatus, rejected.Rejection.Message));
        Assert.Equal("Name can't be blank", Assert.Single(rejected.Rejection.Errors).Message);
        Assert.Equal((0, 1, 12m), (_psa.AppliedWrites(SyncroSeed.AcmeM365), _psa.WriteRequestsReceived, _psa.Quantity(SyncroSeed.AcmeM365)));
    }

    [Fact]
    public async Task AnUnknownOutcomeIsResolvedByReadingOnly()
    {
        var line = await Line(SyncroSeed.AcmeM365);

        var notApplied = await Connector.ResolveUnknownOutcomeAsync(line.LineRef, 12, 15, June);
        _psa.SetQuantity(SyncroSeed.AcmeM365, 15);
        var applied = await Connector.ResolveUnknownOutcomeAsync(line.LineRef, 12, 15, June);
        _psa.SetQuantity(SyncroSeed.AcmeM365, 9);
        var edited = await Connector.ResolveUnknownOutcomeAsync(line.LineRef, 12, 15, June);

        Assert.Equal(new UnknownOutcomeResolution.NotApplied(line.LineRef, 12), notApplied);
        Assert.Equal(new UnknownOutcomeResolution.Applied(line.LineRef, 15), applied);
        Assert.Equal(new UnknownOutcomeResolution.ManualEditDetected(line.LineRef, 9), edited);
        Assert.Equal(0, _psa.WriteRequestsReceived);
    }

    [Fact]
    public async Task AnEditRacingTheWriteIsLostBecauseSyncroHasNoCompareAndSet()
    {
        // Documents the known limit (ADR 0010): the edit lands between the fresh read and the PUT, and Syncro's answer
        // shows only the value the PUT set.
        var line = await Line(SyncroSeed.AcmeM365);
        _psa.EditWhenNextWriteArrives(SyncroSeed.AcmeM365, 13);

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.Equal(new QuantityWriteOutcome.Applied(line.LineRef, 15, ApplyEvidence.ReadBack), outcome);
        Assert.Equal(1, _psa.AppliedWrites(SyncroSeed.AcmeM365));
    }

    [Fact]
    public async Task ReadsAreRetriedAfterThrottlingServerErrorsAndDroppedConnections()
    {
        _psa.Faults.OnNextReads(new SimulatedFault.TooManyRequests(), new SimulatedFault.ServerError(503), new SimulatedFault.DropConnection());

        var lines = await Connector.ListRecurringLinesAsync(Acme, June);

        Assert.Equal(SyncroSeed.AcmeListedLineCount, lines.Count);
    }

    [Fact]
    public async Task RequestsBeyondTheLimitWaitUntilTheWindowHasMovedOn()
    {
        await using var host = Connect(_psa, o =>
        {
            o.RequestLimit = 4;
            o.RequestLimitWindow = TimeSpan.FromSeconds(1);
        });

        for (var i = 0; i < 8; i++)
            await host.Connector.ReadLineAsync(Ref(SyncroSeed.AcmeManagedServices, SyncroSeed.AcmeM365), June);

        var requests = _psa.Requests;
        Assert.Equal(8, requests.Count);
        Assert.DoesNotContain(requests, r => r.StatusCode == 429);
        for (var i = 0; i + 4 < requests.Count; i++)
            Assert.True(requests[i + 4].ReceivedAt - requests[i].ReceivedAt >= TimeSpan.FromMilliseconds(800), $"requests {i} to {i + 4} came within one window");
    }

    [Fact]
    public async Task AWrongApiTokenIsReportedAsUnauthorized()
    {
        await using var host = Connect(_psa, o => o.ApiToken = "revoked-token");

        var failure = await Assert.ThrowsAsync<PsaException>(() => host.Connector.ListRecurringLinesAsync(Acme, June));

        Assert.Equal((PsaFailureKind.Unauthorized, 401), (failure.Kind, failure.HttpStatus));
    }

    [Fact]
    public async Task IsRegisteredUnderTheSyncroKind()
    {
        var services = new ServiceCollection();
        services.AddSyncroPsa(o =>
        {
            o.Subdomain = "acme-it";
            o.ApiToken = "token";
        });
        await using var provider = services.BuildServiceProvider();

        var connector = provider.GetRequiredKeyedService<IPsaConnector>(PsaKind.Syncro);

        Assert.Equal(PsaKind.Syncro, connector.Kind);
        Assert.Same(connector, provider.GetRequiredService<IPsaConnector>());
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("LedgerReconcile.Psa.Syncro");
        Assert.Equal(new Uri("https://acme-it.syncromsp.com/api/v1/"), client.BaseAddress);
    }

    [Theory]
    [InlineData("evil.example.com/x?")]
    [InlineData("acme.attacker")]
    [InlineData("")]
    public void ASubdomainThatIsNotOneDnsLabelIsRefusedBeforeTheTokenIsSentAnywhere(string subdomain)
    {
        var services = new ServiceCollection();
        services.AddSyncroPsa(o =>
        {
            o.Subdomain = subdomain;
            o.ApiToken = "token";
        });
        using var provider = services.BuildServiceProvider();

        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredKeyedService<IPsaConnector>(PsaKind.Syncro));
    }
}
