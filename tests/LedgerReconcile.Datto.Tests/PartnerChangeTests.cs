using LedgerReconcile.Datto.Usage;

namespace LedgerReconcile.Datto.Tests;

public sealed class PartnerChangeTests
{
    [Fact]
    public async Task AnAgentAddedBetweenSyncsShowsUpForItsCustomer()
    {
        await using var bed = await DattoTestbed.StartAsync();
        var device = bed.Partner(p => p.Devices[5]);
        var before = Customer(await bed.PullAsync(), device.OrganizationId);

        bed.Simulator.Mutate(p => p.AddAgent(device.SerialNumber, "NEW-SERVER-01"));
        var after = Customer(await bed.PullAsync(), device.OrganizationId);

        Assert.Equal(before.AgentCount + 1, after.AgentCount);
        Assert.Contains(after.Devices.SelectMany(d => d.Assets!), a => a.Name == "NEW-SERVER-01" && a.Type == DattoAssetType.Agent);
    }

    [Fact]
    public async Task AnAgentRemovedBetweenSyncsDisappears()
    {
        await using var bed = await DattoTestbed.StartAsync();
        var device = bed.Partner(p => p.Devices[2]);
        var removed = device.Assets[0].Name;
        var before = Customer(await bed.PullAsync(), device.OrganizationId);

        bed.Simulator.Mutate(p => p.RemoveAsset(device.SerialNumber, removed));
        var after = Customer(await bed.PullAsync(), device.OrganizationId);

        Assert.Equal(before.AgentCount - 1, after.AgentCount);
        Assert.True(after.AssetsComplete);
    }

    [Fact]
    public async Task ChangedOffsiteStorageIsSeenOnTheNextSync()
    {
        await using var bed = await DattoTestbed.StartAsync();
        var device = bed.Partner(p => p.Devices[0]);
        var before = Customer(await bed.PullAsync(), device.OrganizationId);
        var oldBytes = ExpectedBytes.Of(device.OffsiteStorage);

        bed.Simulator.Mutate(p => p.SetOffsiteStorage(device.SerialNumber, 3, "TB"));
        var after = Customer(await bed.PullAsync(), device.OrganizationId);

        Assert.Equal(before.OffsiteBytes - oldBytes + 3L * 1024 * 1024 * 1024 * 1024, after.OffsiteBytes);
    }

    private static DattoCustomerUsage Customer(DattoPartnerUsage usage, long organizationId) =>
        usage.GroupByCustomer().Single(c => c.Key == DattoCustomerKey.ForOrganization(organizationId));
}
