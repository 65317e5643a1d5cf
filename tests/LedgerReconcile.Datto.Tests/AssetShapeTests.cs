using LedgerReconcile.Datto.Usage;
using LedgerReconcile.Simulators.Datto;

namespace LedgerReconcile.Datto.Tests;

public sealed class AssetShapeTests
{
    [Theory]
    [InlineData(AssetResponseShape.BareArray)]
    [InlineData(AssetResponseShape.Envelope)]
    [InlineData(AssetResponseShape.IndexKeyed)]
    [InlineData(AssetResponseShape.Mixed)]
    public async Task EveryDocumentedAssetShapeGivesTheSameCounts(AssetResponseShape shape)
    {
        var partner = DattoTestbed.SmallPartner();
        partner.AssetShape = shape;
        await using var bed = await DattoTestbed.StartAsync(partner);

        var customers = (await bed.PullAsync()).GroupByCustomer();

        var expected = bed.Partner(p => p.Devices.GroupBy(d => d.OrganizationId)
            .ToDictionary(g => g.Key.ToString(), g => (Devices: g.Count(), Agents: g.Sum(d => d.AgentCount), Shares: g.Sum(d => d.ShareCount))));
        Assert.Equal(6, customers.Count);
        Assert.All(customers, c => Assert.Equal(expected[c.Key.Value], (c.DeviceCount, c.AgentCount, c.ShareCount)));
        Assert.All(customers, c => Assert.True(c.AssetsComplete));
    }

    [Fact]
    public async Task AnEnvelopeOfAssetsIsPagedThrough()
    {
        var partner = DattoTestbed.SmallPartner();
        partner.AssetShape = AssetResponseShape.Envelope;
        partner.AgentsPerDevice = 5;
        await using var bed = await DattoTestbed.StartAsync(partner, o => o.PageSize = 2);

        var usage = await bed.PullAsync();

        Assert.All(usage.Devices, d => Assert.Equal(6, d.Assets!.Count));
        // Six assets in pages of two: three requests per device.
        Assert.Equal(36, bed.Simulator.Requests.Count("/bcdr/device/*/asset"));
        Assert.Equal(usage.Devices.Sum(d => d.Assets!.Select(a => a.Volume).Distinct().Count()), usage.Devices.Sum(d => d.Assets!.Count));
    }

    [Fact]
    public async Task AnAssetWithAnUndocumentedTypeIsKeptAndReported()
    {
        await using var bed = await DattoTestbed.StartAsync();
        var serial = bed.Partner(p => p.Devices[0].SerialNumber);
        bed.Simulator.Mutate(p => p.Device(serial).Assets[0].Type = "vmware");

        var usage = await bed.PullAsync();

        var device = usage.Devices.Single(d => d.SerialNumber == serial);
        Assert.Equal(4, device.Assets!.Count);
        Assert.Equal((DattoAssetType.Unknown, "vmware"), (device.Assets[0].Type, device.Assets[0].RawType));
        var warning = Assert.Single(usage.Warnings);
        Assert.Equal((DattoWarningKind.UnreadableValue, serial), (warning.Kind, warning.Subject));
        Assert.Contains("vmware", warning.Detail);
    }
}
