using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Psa.Http;
using LedgerReconcile.Simulators.Psa;
using LedgerReconcile.Simulators.Psa.Autotask;
using LedgerReconcile.Simulators.Psa.ConnectWise;
using LedgerReconcile.Simulators.Psa.Halo;
using LedgerReconcile.Simulators.Psa.Syncro;

namespace LedgerReconcile.Psa.Tests.Directory;

/// <summary>A seed of many companies (as the benchmark uses) is read whole through every PSA's paging, with all limits off.</summary>
public sealed class ManyCompaniesTests
{
    private const int Companies = 60;
    private const int LinesEach = 3;
    private static readonly DateOnly June = new(2026, 6, 1);

    [Theory]
    [InlineData(PsaKind.ConnectWise)]
    [InlineData(PsaKind.Autotask)]
    [InlineData(PsaKind.HaloPsa)]
    [InlineData(PsaKind.Syncro)]
    public async Task EveryCompanyAgreementAndLineOfAManyCompanySeedIsRead(PsaKind kind)
    {
        var (psa, host) = await StartAsync(kind);
        await using var _ = psa;
        await using var __ = host;
        psa.RateLimit = null;

        var companies = await host.Connector.SearchCompaniesAsync("customer");
        var last = companies.Single(c => c.Name == $"Customer {Companies:0000}");
        var agreement = Assert.Single(await host.Connector.ListAgreementsAsync(last.Id));
        var lines = await host.Connector.ListAgreementLinesAsync(last.Id, agreement.Id, June);

        Assert.Equal(Companies, companies.Count);
        Assert.Equal(LinesEach, lines.Count(l => l.Counts));
        Assert.Equal(0, psa.RateLimitedAnswers);
        Assert.Empty(psa.UnhandledExceptions);
    }

    private static async Task<(PsaSimulator Psa, PsaTestHost Host)> StartAsync(PsaKind kind)
    {
        void Unlimited(PsaConnectionOptions o)
        {
            PsaTestHost.ShortenTimings(o);
            o.EnforceRequestLimits = false;
        }
        switch (kind)
        {
            case PsaKind.ConnectWise:
                var cw = await ConnectWiseSimulator.StartAsync(new ConnectWiseSimulatorOptions { Seed = ConnectWiseSeed.Many(Companies, LinesEach) });
                var cwDefaults = new ConnectWiseSimulatorOptions();
                return (cw, PsaTestHost.Create(s => s.AddConnectWisePsa(o =>
                {
                    (o.BaseAddress, o.CompanyId, o.PublicKey, o.PrivateKey, o.ClientId, o.PageSize) =
                        (cw.ApiBase, cwDefaults.CompanyId, cwDefaults.PublicKey, cwDefaults.PrivateKey, cwDefaults.ClientId, 25);
                    Unlimited(o);
                })));
            case PsaKind.Autotask:
                var at = await AutotaskSimulator.StartAsync(new AutotaskSimulatorOptions { Seed = AutotaskSeed.Many(Companies, LinesEach) });
                var atDefaults = new AutotaskSimulatorOptions();
                return (at, PsaTestHost.Create(s => s.AddAutotaskPsa(o =>
                {
                    (o.ZoneLookupAddress, o.UserName, o.Secret, o.ApiIntegrationCode, o.PageSize) =
                        (at.ZoneLookupAddress, atDefaults.UserName, atDefaults.Secret, atDefaults.ApiIntegrationCode, 25);
                    Unlimited(o);
                })));
            case PsaKind.HaloPsa:
                var halo = await HaloSimulator.StartAsync(new HaloSimulatorOptions { Seed = HaloSeed.Many(Companies, LinesEach) });
                return (halo, Halo.HaloConnectorTests.Connect(halo, o =>
                {
                    o.PageSize = 25;
                    Unlimited(o);
                }));
            default:
                var syncro = await SyncroSimulator.StartAsync(new SyncroSimulatorOptions { Seed = SyncroSeed.Many(Companies, LinesEach) });
                return (syncro, Syncro.SyncroConnectorTests.Connect(syncro, Unlimited));
        }
    }
}
