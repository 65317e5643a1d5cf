using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Integrations.Datto;
using LedgerReconcile.Simulators.Datto;
using Xunit.Abstractions;

namespace LedgerReconcile.Integrations.Tests.Datto;

public sealed class LargePartnerSyncTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ALargePartnerIsSyncedCompletelyAndTheTimeIsSplitIntoPullAndLedger()
    {
        var partner = new DattoSimulatorOptions
        {
            OrganizationCount = 2_000,
            DevicesPerOrganization = 4,
            AgentsPerDevice = 6,
            SharesPerDevice = 1.5,
            DtcAssetsPerOrganization = 1,
            EndpointAgentsPerOrganization = 0.5,
            SaasDomainsPerOrganization = 0.25,
            SeatsPerDomain = 30,
            AssetShape = AssetResponseShape.Mixed,
            StorageUnits = StorageUnitsStyle.MixedSpellings,
        };
        await using var bed = await DattoSyncBed.StartAsync(partner, () => IntegrationHost.StartAsync(o =>
        {
            o.ConfigureDattoClient = d =>
            {
                IntegrationHost.FastDattoClient(d);
                d.RequestsPerSecond = 100_000;
                d.MaxConcurrentRequests = 8;
            };
            o.SnapshotParallelism = 8;
        }));

        var result = await bed.SyncAsync();

        output.WriteLine(
            $"{result.Counts.Organizations} organizations, {result.Counts.Devices} devices, {result.Counts.Assets} assets, {result.Counts.Seats} seats: " +
            $"HTTP pull {result.PullDuration.TotalSeconds:0.0} s, ledger {result.LedgerDuration.TotalSeconds:0.0} s " +
            $"({result.Counts.Organizations / Math.Max(result.LedgerDuration.TotalSeconds, 0.001):0} snapshots/s).");
        Assert.Equal(DattoSyncOutcome.Completed, result.Outcome);
        Assert.Equal((2_000, 8_000, 60_000, 2_000, 0), (result.Counts.Organizations, result.Counts.Devices, result.Counts.Assets, result.Counts.SnapshotsRecorded, result.Counts.SnapshotsFailed));
        var sample = bed.OrganizationIds[1_234];
        Assert.Equal(
            bed.Partner(p => ExpectedUsage.Of(p, sample)).Agents,
            (int)(await bed.Host.QuantitiesAsync(CustomerKeys.ForOrganization(sample))).For(BillableService.PerAgent).Quantity);
    }
}
