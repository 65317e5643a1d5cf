using System.Diagnostics;
using LedgerReconcile.Datto.Usage;
using LedgerReconcile.Simulators.Datto;
using Xunit.Abstractions;

namespace LedgerReconcile.Datto.Tests;

public sealed class LargePartnerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ALargePartnerIsPulledCompletely()
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
        await using var bed = await DattoTestbed.StartAsync(partner, o =>
        {
            o.RequestsPerSecond = 100_000;
            o.MaxConcurrentRequests = 8;
        });

        var clock = Stopwatch.StartNew();
        var usage = await bed.PullAsync();
        clock.Stop();
        var customers = usage.GroupByCustomer();

        output.WriteLine($"Pulled {usage.Devices.Count} devices, {usage.Devices.Sum(d => d.Assets!.Count)} assets, " +
                         $"{usage.SaasDomains!.Sum(d => d.Seats!.Count)} seats in {bed.Simulator.Requests.All.Count} requests: " +
                         $"{clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(8_000, usage.Devices.Count);
        Assert.Equal(60_000, usage.Devices.Sum(d => d.Assets!.Count));
        Assert.Equal(48_000, customers.Sum(c => c.AgentCount));
        Assert.Equal(2_000, customers.Count);
        Assert.Equal(bed.Partner(p => p.Devices.Sum(d => ExpectedBytes.Of(d.OffsiteStorage))), customers.Sum(c => c.OffsiteBytes));
        Assert.Empty(usage.Warnings);
    }
}
