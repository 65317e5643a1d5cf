using System.Globalization;
using System.Text.Json.Nodes;
using LedgerReconcile.Psa.Halo;
using LedgerReconcile.Simulators.Psa;
using LedgerReconcile.Simulators.Psa.Halo;

namespace LedgerReconcile.Psa.Tests.Halo;

public sealed class HaloConnectorTests : IAsyncLifetime
{
    private static readonly DateOnly June = new(2026, 6, 1);
    private static readonly string Acme = HaloSeed.Acme.ToString(CultureInfo.InvariantCulture);

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

    internal static PsaTestHost Connect(HaloSimulator psa, Action<HaloOptions>? adjust = null) => PsaTestHost.Create(services => services.AddHaloPsa(o =>
    {
        var defaults = new HaloSimulatorOptions();
        o.BaseAddress = psa.BaseAddress;
        o.ClientId = defaults.ClientId;
        o.ClientSecret = defaults.ClientSecret;
        PsaTestHost.ShortenTimings(o);
        adjust?.Invoke(o);
    }));

    private async Task<PsaLine> Line(string code) =>
        (await Connector.ListRecurringLinesAsync(Acme, June)).Single(l => l.ProductCode == code);

    private static QuantityChange Change(PsaLine line, decimal from, decimal to) => new(line.LineRef, from, to, "approval-1", June);

    private IEnumerable<long> ManagedServicesLineIds => [HaloSeed.AcmeM365, HaloSeed.AcmeEdr, HaloSeed.AcmeRmmAssets, HaloSeed.AcmeSecurityUsers];

    [Fact]
    public async Task ListsTheLinesOfEveryRecurringInvoicePageByPage()
    {
        await using var smallPages = Connect(_psa, o => o.PageSize = 3);

        var lines = await smallPages.Connector.ListRecurringLinesAsync(Acme, June);

        Assert.Equal(HaloSeed.AcmeLineCount, lines.Count);
        var m365 = lines.Single(l => l.ProductCode == "M365-BP");
        Assert.Equal(("-94", "Acme Managed Services", 12m, 22m), (m365.AgreementId, m365.AgreementName, m365.Quantity, m365.UnitPrice));
        Assert.Equal(3, _psa.Requests.Where(r => r.PathAndQuery.StartsWith("/api/RecurringInvoice?", StringComparison.Ordinal)).Select(r => r.PathAndQuery).Distinct().Count());
    }

    [Fact]
    public async Task LinesWhoseQuantityHaloDerivesFromAssetsOrUsersAreReadOnlyAndRefused()
    {
        var lines = await Connector.ListRecurringLinesAsync(Acme, June);
        var assets = lines.Single(l => l.ProductCode == "RMM-WS");
        var users = lines.Single(l => l.ProductCode == "SAT");

        var outcome = await Connector.SetQuantityAsync(Change(assets, 28, 30));

        Assert.False(assets.IsWritable);
        Assert.False(users.IsWritable);
        Assert.Contains("assets", Assert.IsType<QuantityWriteOutcome.Refused>(outcome).Reason, StringComparison.Ordinal);
        Assert.Equal(0, _psa.WriteRequestsReceived);
        Assert.Equal(8, lines.Count(l => l.IsWritable));
    }

    [Fact]
    public async Task PostsEveryLineOfTheInvoiceUnchangedExceptTheTargetAndVerifiesWithAFreshRead()
    {
        var line = await Line("M365-BP");
        var before = ManagedServicesLineIds.ToDictionary(id => id, _psa.Line);

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.Equal(new QuantityWriteOutcome.Applied(line.LineRef, 15, ApplyEvidence.ReadBack), outcome);
        var posted = Assert.Single(Assert.Single(_psa.Posts))!.AsObject();
        Assert.Equal(HaloSeed.AcmeManagedServices, posted["id"]!.GetValue<long>());
        var postedLines = posted["lines"]!.AsArray().OfType<JsonObject>().ToDictionary(l => l["id"]!.GetValue<long>());
        Assert.Equal(before.Keys.Order(), postedLines.Keys.Order());
        foreach (var id in before.Keys.Where(id => id != HaloSeed.AcmeM365))
        {
            Assert.True(JsonNode.DeepEquals(before[id], postedLines[id]), $"line {id} was not posted as read");
            Assert.True(JsonNode.DeepEquals(before[id], _psa.Line(id)), $"line {id} changed");
            Assert.Equal(0, _psa.AppliedWrites(id));
        }
        before[HaloSeed.AcmeM365]["qty_order"] = 15m;
        Assert.True(JsonNode.DeepEquals(before[HaloSeed.AcmeM365], postedLines[HaloSeed.AcmeM365]), "the target line lost fields");
        Assert.Equal((1, 15m), (_psa.AppliedWrites(HaloSeed.AcmeM365), _psa.Quantity(HaloSeed.AcmeM365)));
        var post = _psa.Requests.ToList().FindIndex(r => r.IsWrite);
        Assert.Contains(_psa.Requests.Skip(post + 1), r => r.PathAndQuery.StartsWith("/api/RecurringInvoice/-94", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnotherLineEditedSinceTheListingKeepsThePersonsValue()
    {
        var line = await Line("M365-BP");
        _psa.SetQuantity(HaloSeed.AcmeEdr, 33);

        await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.Equal((33m, 15m), (_psa.Quantity(HaloSeed.AcmeEdr), _psa.Quantity(HaloSeed.AcmeM365)));
    }

    [Fact]
    public async Task AThrottledPostWaitsTheConfiguredBackOffAndIsAppliedOnce()
    {
        await using var host = Connect(_psa, o => o.RateLimitedDelay = TimeSpan.FromMilliseconds(400));
        var line = (await host.Connector.ListRecurringLinesAsync(Acme, June)).Single(l => l.ProductCode == "M365-BP");
        _psa.Faults.OnNextWrites(new SimulatedFault.TooManyRequests());

        var outcome = await host.Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.IsType<QuantityWriteOutcome.Applied>(outcome);
        var writes = _psa.Requests.Where(r => r.IsWrite).ToList();
        Assert.Equal((2, 1), (writes.Count, _psa.AppliedWrites(HaloSeed.AcmeM365)));
        Assert.True(writes[1].ReceivedAt - writes[0].ReceivedAt >= TimeSpan.FromMilliseconds(380), "the 429 back-off was not honoured");
    }

    [Fact]
    public void TheDefaultBackOffAfterA429IsAtLeastAMinute() =>
        Assert.True(new HaloOptions().RateLimitedDelay >= TimeSpan.FromSeconds(60));

    [Fact]
    public async Task AServerErrorIsFollowedByAFreshReadAndOneAppliedPost()
    {
        var line = await Line("M365-BP");
        _psa.Faults.OnNextWrites(new SimulatedFault.ServerError(500));

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.IsType<QuantityWriteOutcome.Applied>(outcome);
        Assert.Equal((1, 2, 1), (_psa.AppliedWrites(HaloSeed.AcmeM365), _psa.WriteRequestsReceived, _psa.Posts.Count));
    }

    [Fact]
    public async Task ATimeoutAfterThePostTookEffectIsNotPostedAgain()
    {
        var line = await Line("M365-BP");
        _psa.Faults.OnNextWrites(new SimulatedFault.Hang(TimeSpan.FromSeconds(30)));

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.Equal(new QuantityWriteOutcome.Applied(line.LineRef, 15, ApplyEvidence.ReReadAfterLostResponse), outcome);
        Assert.Equal((1, 1), (_psa.AppliedWrites(HaloSeed.AcmeM365), _psa.WriteRequestsReceived));
    }

    [Fact]
    public async Task AManualEditSinceTheLedgerReadStopsThePost()
    {
        var line = await Line("M365-BP");
        _psa.SetQuantity(HaloSeed.AcmeM365, 13);

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.Equal(new QuantityWriteOutcome.ManualEditDetected(line.LineRef, 12, 15, 13), outcome);
        Assert.Equal((0, 0, 13m), (_psa.AppliedWrites(HaloSeed.AcmeM365), _psa.WriteRequestsReceived, _psa.Quantity(HaloSeed.AcmeM365)));
    }

    [Fact]
    public async Task RepeatingAnAppliedChangePostsNothing()
    {
        var line = await Line("M365-BP");
        await Connector.SetQuantityAsync(Change(line, 12, 15));

        var again = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.Equal(new QuantityWriteOutcome.AlreadyApplied(line.LineRef, 15), again);
        Assert.Equal((1, 1), (_psa.AppliedWrites(HaloSeed.AcmeM365), _psa.WriteRequestsReceived));
    }

    [Fact]
    public async Task ARevokedTokenIsRenewedOnTheFirst401AndTheRequestSucceeds()
    {
        var line = await Line("M365-BP");
        _psa.RevokeAllTokens();

        var outcome = await Connector.SetQuantityAsync(Change(line, 12, 15));

        Assert.IsType<QuantityWriteOutcome.Applied>(outcome);
        Assert.Equal((2, 1), (_psa.TokensIssued, _psa.UnauthorizedResponses));
        Assert.Equal(1, _psa.AppliedWrites(HaloSeed.AcmeM365));
    }

    [Fact]
    public async Task ATokenCloseToExpiryIsRenewedBeforeHaloRejectsIt()
    {
        await using var shortLived = await HaloSimulator.StartAsync(new HaloSimulatorOptions { TokenLifetime = TimeSpan.FromSeconds(3) });
        await using var host = Connect(shortLived, o => o.TokenRenewalMargin = TimeSpan.FromSeconds(2));

        await host.Connector.ListRecurringLinesAsync(Acme, June);
        var tokensAfterFirstRead = shortLived.TokensIssued;
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await host.Connector.ListRecurringLinesAsync(Acme, June);

        Assert.Equal((1, 2, 0), (tokensAfterFirstRead, shortLived.TokensIssued, shortLived.UnauthorizedResponses));
    }

    [Fact]
    public async Task AnUnknownOutcomeIsResolvedByReadingOnly()
    {
        var line = await Line("M365-BP");
        _psa.SetQuantity(HaloSeed.AcmeM365, 15);

        var resolution = await Connector.ResolveUnknownOutcomeAsync(line.LineRef, 12, 15, June);

        Assert.Equal(new UnknownOutcomeResolution.Applied(line.LineRef, 15), resolution);
        Assert.Equal(0, _psa.WriteRequestsReceived);
    }
}
