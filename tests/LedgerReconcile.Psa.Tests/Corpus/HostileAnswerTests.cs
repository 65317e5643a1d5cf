using LedgerReconcile.Domain.Billing;
using System.Globalization;
using LedgerReconcile.Psa.Autotask;
using LedgerReconcile.Psa.ConnectWise;
using LedgerReconcile.Psa.Halo;
using LedgerReconcile.Psa.Syncro;
using LedgerReconcile.Simulators.Psa;
using LedgerReconcile.Simulators.Psa.Autotask;
using LedgerReconcile.Simulators.Psa.ConnectWise;
using LedgerReconcile.Simulators.Psa.Halo;
using LedgerReconcile.Simulators.Psa.Syncro;

namespace LedgerReconcile.Psa.Tests.Corpus;

public sealed class HostileAnswerTests
{
    private static readonly DateOnly June = new(2026, 6, 1);

    public static TheoryData<string> Cases => PsaHostileBodies.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AHostilePsaAnswerEndsInATypedOutcomeNeverACrashOrAQuantityFromNothing(string name)
    {
        var hostile = PsaHostileBodies.Named(name);
        var (psa, host, company, lineRead) = await StartAsync(hostile.Psa);
        await using var _ = psa;
        await using var __ = host;
        var line = (await host.Connector.ListRecurringLinesAsync(company, June)).First(l => l.IsWritable);
        var body = hostile.Body.Replace("{LINE}", line.LineRef.Split(':')[^1], StringComparison.Ordinal);

        if (hostile.Boundary == PsaBoundary.ReadLine)
        {
            psa.Faults.OnNextReads(new SimulatedFault.Respond(body, hostile.Status, PathContains: lineRead));
            try
            {
                var read = await host.Connector.ReadLineAsync(line.LineRef, June);
                Assert.True(!read.IsWritable || read.Quantity == 5m,
                    $"a writable line with quantity {read.Quantity} was read from a body without a readable quantity");
            }
            catch (PsaException)
            {
            }
        }
        else
        {
            var target = line.Quantity + 1;
            psa.Faults.OnNextWrites(new SimulatedFault.Respond(body, hostile.Status));
            var outcome = await host.Connector.SetQuantityAsync(new(line.LineRef, line.Quantity, target, "approval-1", June));
            var shown = (await host.Connector.ReadLineAsync(line.LineRef, June)).Quantity;
            switch (outcome)
            {
                case QuantityWriteOutcome.Applied or QuantityWriteOutcome.AlreadyApplied:
                    Assert.Equal(target, shown);
                    break;
                case QuantityWriteOutcome.TransientFailure or QuantityWriteOutcome.Rejected or QuantityWriteOutcome.Refused
                    or QuantityWriteOutcome.ManualEditDetected:
                    Assert.Equal(line.Quantity, shown);
                    break;
            }
        }
        Assert.Empty(psa.UnhandledExceptions);
    }

    internal static async Task<(PsaSimulator Psa, PsaTestHost Host, string Company, string LineRead)> StartAsync(PsaKind kind)
    {
        switch (kind)
        {
            case PsaKind.ConnectWise:
                var cw = await ConnectWiseSimulator.StartAsync();
                return (cw, PsaTestHost.Create(s => s.AddConnectWisePsa(o =>
                {
                    var defaults = new ConnectWiseSimulatorOptions();
                    (o.BaseAddress, o.CompanyId, o.PublicKey, o.PrivateKey, o.ClientId) =
                        (cw.ApiBase, defaults.CompanyId, defaults.PublicKey, defaults.PrivateKey, defaults.ClientId);
                    PsaTestHost.ShortenTimings(o);
                })), Id(ConnectWiseSeed.Acme), "/additions/");
            case PsaKind.Autotask:
                var at = await AutotaskSimulator.StartAsync();
                return (at, PsaTestHost.Create(s => s.AddAutotaskPsa(o =>
                {
                    var defaults = new AutotaskSimulatorOptions();
                    (o.ZoneLookupAddress, o.UserName, o.Secret, o.ApiIntegrationCode) =
                        (at.ZoneLookupAddress, defaults.UserName, defaults.Secret, defaults.ApiIntegrationCode);
                    PsaTestHost.ShortenTimings(o);
                })), Id(AutotaskSeed.Acme), "ContractServiceUnits");
            case PsaKind.HaloPsa:
                var halo = await HaloSimulator.StartAsync();
                return (halo, PsaTestHost.Create(s => s.AddHaloPsa(o =>
                {
                    var defaults = new HaloSimulatorOptions();
                    (o.BaseAddress, o.ClientId, o.ClientSecret) = (halo.BaseAddress, defaults.ClientId, defaults.ClientSecret);
                    PsaTestHost.ShortenTimings(o);
                })), Id(HaloSeed.Acme), "RecurringInvoice/");
            default:
                var syncro = await SyncroSimulator.StartAsync();
                return (syncro, PsaTestHost.Create(s => s.AddSyncroPsa(o =>
                {
                    (o.BaseAddress, o.ApiToken) = (syncro.ApiBase, new SyncroSimulatorOptions().ApiToken);
                    PsaTestHost.ShortenTimings(o);
                })), Id(SyncroSeed.Acme), "schedules/");
        }
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
