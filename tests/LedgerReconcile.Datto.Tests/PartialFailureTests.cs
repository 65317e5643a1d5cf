using LedgerReconcile.Datto.Usage;
using LedgerReconcile.Simulators.Datto;

namespace LedgerReconcile.Datto.Tests;

public sealed class PartialFailureTests
{
    [Fact]
    public async Task NotFoundOnOneDevicesAssetsIsAWarningAndTheOtherDevicesAreComplete()
    {
        await using var bed = await DattoTestbed.StartAsync();
        var serial = bed.Partner(p => p.Devices[3].SerialNumber);
        bed.Simulator.Faults.Add(DattoFault.Status($"/bcdr/device/{serial}/asset", 404));

        var usage = await bed.PullAsync();

        Assert.Equal(12, usage.Devices.Count);
        var missing = usage.Devices.Single(d => d.SerialNumber == serial);
        Assert.True(missing.AssetsUnknown);
        Assert.All(usage.Devices.Where(d => d != missing), d => Assert.Equal(4, d.Assets!.Count));
        var warning = Assert.Single(usage.Warnings);
        Assert.Equal((DattoWarningKind.AssetsNotFound, serial, $"bcdr/device/{serial}/asset"), (warning.Kind, warning.Subject, warning.Endpoint));
        Assert.Equal(1, bed.Simulator.Requests.Count($"/bcdr/device/{serial}/asset"));
    }

    [Fact]
    public async Task AFaultThatPersistsOnOneDeviceMidSyncMarksItsAssetsUnknownNotEmpty()
    {
        await using var bed = await DattoTestbed.StartAsync(tune: o => o.MaxConcurrentRequests = 1);
        var first = await bed.PullAsync();
        var serial = bed.Partner(p => p.Devices[8].SerialNumber);
        // Devices 1-8 answer; from the ninth asset call on, this device keeps failing.
        bed.Simulator.Faults.Add(DattoFault.Status($"/bcdr/device/{serial}/asset", 503));

        var second = await bed.PullAsync();

        Assert.Equal(4, bed.Simulator.Requests.Count($"/bcdr/device/{serial}/asset") - 1);
        var device = second.Devices.Single(d => d.SerialNumber == serial);
        Assert.Null(device.Assets);
        var warning = Assert.Single(second.Warnings);
        Assert.Equal((DattoWarningKind.AssetsUnavailable, serial), (warning.Kind, warning.Subject));
        Assert.Contains("503", warning.Detail);

        var before = first.GroupByCustomer().Single(c => c.Devices.Any(d => d.SerialNumber == serial));
        var after = second.GroupByCustomer().Single(c => c.Key == before.Key);
        Assert.Equal(before.DeviceCount, after.DeviceCount);
        Assert.False(after.AssetsComplete);
        Assert.Equal(1, after.DevicesWithUnknownAssets);
        // What the ledger may trust: the devices it could read still carry all their agents.
        Assert.Equal(before.AgentCount - first.Devices.Single(d => d.SerialNumber == serial).Assets!.Count(a => a.Type == DattoAssetType.Agent),
            after.AgentCount);
        Assert.All(second.GroupByCustomer().Where(c => c.Key != before.Key), c => Assert.True(c.AssetsComplete));
    }

    [Fact]
    public async Task AFailureOnALaterPageOfAssetsDoesNotLeaveAPartialList()
    {
        var partner = DattoTestbed.SmallPartner();
        partner.AssetShape = AssetResponseShape.Envelope;
        await using var bed = await DattoTestbed.StartAsync(partner, o => o.PageSize = 2);
        var serial = bed.Partner(p => p.Devices[0].SerialNumber);
        bed.Simulator.Faults.Add(DattoFault.Status($"/bcdr/device/{serial}/asset", 503) with { QueryContains = "_page=2" });

        var usage = await bed.PullAsync();

        Assert.Null(usage.Devices.Single(d => d.SerialNumber == serial).Assets);
        Assert.Equal(DattoWarningKind.AssetsUnavailable, Assert.Single(usage.Warnings).Kind);
        Assert.Equal(11, usage.Devices.Count(d => d.Assets?.Count == 4));
    }

    [Theory]
    [InlineData("{\"assets\":\"none\"}", DattoWarningKind.UnexpectedShape)]
    [InlineData("\"gone\"", DattoWarningKind.UnexpectedShape)]
    [InlineData("<html>Service Temporarily Unavailable</html>", DattoWarningKind.AssetsUnavailable)]
    public async Task AnAssetBodyThatCannotBeUnderstoodMarksOnlyThatDeviceUnknown(string body, DattoWarningKind kind)
    {
        await using var bed = await DattoTestbed.StartAsync();
        var serial = bed.Partner(p => p.Devices[10].SerialNumber);
        bed.Simulator.Faults.Add(DattoFault.Respond($"/bcdr/device/{serial}/asset", body));

        var usage = await bed.PullAsync();

        Assert.True(usage.Devices.Single(d => d.SerialNumber == serial).AssetsUnknown);
        Assert.Equal(11, usage.Devices.Count(d => d.Assets?.Count == 4));
        var warning = Assert.Single(usage.Warnings);
        Assert.Equal((kind, serial), (warning.Kind, warning.Subject));
    }

    [Fact]
    public async Task AnEmptyAssetListIsKnownToBeEmpty()
    {
        await using var bed = await DattoTestbed.StartAsync();
        var serial = bed.Partner(p => p.Devices[1].SerialNumber);
        bed.Simulator.Mutate(p => p.Device(serial).Assets.Clear());

        var usage = await bed.PullAsync();

        var device = usage.Devices.Single(d => d.SerialNumber == serial);
        Assert.False(device.AssetsUnknown);
        Assert.Empty(device.Assets!);
        Assert.Empty(usage.Warnings);
    }

    [Fact]
    public async Task TheDeviceListFailingForGoodFailsTheSync()
    {
        await using var bed = await DattoTestbed.StartAsync();
        bed.Simulator.Faults.Add(DattoFault.Status("/bcdr/device", 500));

        var error = await Assert.ThrowsAsync<DattoRequestFailedException>(() => bed.PullAsync());

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.StatusCode);
    }
}
