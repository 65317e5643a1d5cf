using System.Text.Json;
using LedgerReconcile.Datto.Usage;
using LedgerReconcile.Simulators.Datto;

namespace LedgerReconcile.Datto.Tests;

public sealed class DeviceInventoryTests
{
    [Fact]
    public async Task EveryDeviceIsPulledAcrossPagesWithItsAssetsAndStorage()
    {
        await using var bed = await DattoTestbed.StartAsync(tune: o => o.PageSize = 5);

        var usage = await bed.PullAsync();

        var expected = bed.Partner(p => p.Devices.ToDictionary(d => d.SerialNumber,
            d => (d.OrganizationId, Agents: d.AgentCount, Shares: d.ShareCount, Bytes: ExpectedBytes.Of(d.OffsiteStorage),
                Volumes: d.Assets.Select(a => a.Volume).Order().ToArray())));
        Assert.Equal(12, usage.Devices.Count);
        Assert.Equal(expected.Keys.Order(), usage.Devices.Select(d => d.SerialNumber).Order());
        foreach (var device in usage.Devices)
        {
            var want = expected[device.SerialNumber];
            Assert.Equal(want.OrganizationId, device.OrganizationId);
            Assert.Equal(want.Bytes, device.OffsiteBytes);
            Assert.Equal(want.Volumes, device.Assets!.Select(a => a.Volume).Order());
            Assert.Equal(want.Agents, device.Assets!.Count(a => a.Type == DattoAssetType.Agent));
            Assert.Equal(want.Shares, device.Assets!.Count(a => a.Type == DattoAssetType.Share));
            Assert.Equal(want.Agents, device.AgentCount);
            Assert.Equal(want.Shares, device.ShareCount);
        }
        Assert.Equal(3, bed.Simulator.Requests.Count("/bcdr/device"));
        Assert.Empty(usage.Warnings);
    }

    [Fact]
    public async Task APartnerWithNoDevicesStopsAfterOnePageWithZeroTotalPages()
    {
        await using var bed = await DattoTestbed.StartAsync(new DattoSimulatorOptions { OrganizationCount = 0 });

        var usage = await bed.PullAsync();

        Assert.Empty(usage.Devices);
        Assert.Empty(usage.GroupByCustomer());
        Assert.Equal(1, bed.Simulator.Requests.Count("/bcdr/device"));
    }

    [Fact]
    public async Task DeviceFieldsAreReadIntoTheModel()
    {
        await using var bed = await DattoTestbed.StartAsync();

        var usage = await bed.PullAsync();

        var want = bed.Partner(p => p.Devices[3]);
        var device = usage.Devices.Single(d => d.SerialNumber == want.SerialNumber);
        Assert.Equal(want.Name, device.Name);
        Assert.Equal(want.Model, device.Model);
        Assert.Equal(want.OrganizationName, device.OrganizationName);
        Assert.Equal(want.ClientCompanyName, device.ClientCompanyName);
        Assert.Equal(want.ServicePeriod, device.ServicePeriod);
        Assert.Equal(want.LastSeen, device.LastSeen);
        Assert.Equal(want.Region, device.Region);
        Assert.Equal(want.OffsiteStorage.Size, device.OffsiteStorage!.Size);
        Assert.Equal("GB", device.OffsiteStorage.Units);
        var asset = device.Assets!.First();
        Assert.Equal(want.Assets[0].Name, asset.Name);
        Assert.Equal(want.Assets[0].Os, asset.Os);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(want.Assets[0].LastSnapshot), asset.LastSnapshot);
    }

    [Fact]
    public async Task LooselyTypedFieldsReadTheSameAsStrictOnes()
    {
        var strictOptions = DattoTestbed.SmallPartner();
        strictOptions.HiddenDeviceEvery = 3;
        strictOptions.ArchivedAgentEvery = 2;
        strictOptions.PausedAgentEvery = 3;
        var looseOptions = DattoTestbed.SmallPartner();
        looseOptions.HiddenDeviceEvery = 3;
        looseOptions.ArchivedAgentEvery = 2;
        looseOptions.PausedAgentEvery = 3;
        looseOptions.LooseTyping = true;
        await using var strict = await DattoTestbed.StartAsync(strictOptions);
        await using var loose = await DattoTestbed.StartAsync(looseOptions);

        var strictUsage = await strict.PullAsync();
        var looseUsage = await loose.PullAsync();

        Assert.Empty(looseUsage.Warnings);
        Assert.Contains(looseUsage.Devices, d => d.Hidden);
        Assert.Contains(looseUsage.Devices.SelectMany(d => d.Assets!), a => a.IsArchived);
        Assert.Contains(looseUsage.Devices.SelectMany(d => d.Assets!), a => a.IsPaused);
        Assert.Equal(JsonSerializer.Serialize(strictUsage.Devices), JsonSerializer.Serialize(looseUsage.Devices));
        Assert.Equal(JsonSerializer.Serialize(strictUsage.SaasDomains), JsonSerializer.Serialize(looseUsage.SaasDomains));
    }

    [Fact]
    public async Task HiddenDevicesAreIncludedAndFlaggedByDefault()
    {
        var partner = DattoTestbed.SmallPartner();
        partner.HiddenDeviceEvery = 4;
        await using var bed = await DattoTestbed.StartAsync(partner);

        var usage = await bed.PullAsync();

        Assert.Equal(12, usage.Devices.Count);
        Assert.Equal(bed.Partner(p => p.Devices.Where(d => d.Hidden).Select(d => d.SerialNumber).Order().ToArray()),
            usage.Devices.Where(d => d.Hidden).Select(d => d.SerialNumber).Order());
        Assert.Equal(3, usage.Devices.Count(d => d.Hidden));
    }

    [Fact]
    public async Task HiddenAndChildResellerDevicesCanBeLeftOut()
    {
        var partner = DattoTestbed.SmallPartner();
        partner.HiddenDeviceEvery = 4;
        partner.ChildResellerDeviceEvery = 5;
        await using var bed = await DattoTestbed.StartAsync(partner, o =>
        {
            o.ShowHiddenDevices = false;
            o.ShowChildResellerDevices = false;
        });

        var usage = await bed.PullAsync();

        // Devices 4, 5, 8, 10 and 12 are hidden or belong to a child reseller.
        Assert.Equal(7, usage.Devices.Count);
        Assert.DoesNotContain(usage.Devices, d => d.Hidden);
        Assert.All(bed.Simulator.Requests.Matching("/bcdr/device"),
            r => Assert.Contains("showHiddenDevices=0&showChildResellerDevices=0", r.Query));
    }

    [Fact]
    public async Task ArchivedAndPausedAgentsStayListedAndVisible()
    {
        var partner = DattoTestbed.SmallPartner();
        partner.ArchivedAgentEvery = 4;
        partner.PausedAgentEvery = 5;
        await using var bed = await DattoTestbed.StartAsync(partner);

        var customers = (await bed.PullAsync()).GroupByCustomer();

        var expected = bed.Partner(p => p.Devices.GroupBy(d => d.OrganizationId).ToDictionary(g => g.Key, g => (
            Agents: g.Sum(d => d.AgentCount),
            Archived: g.Sum(d => d.Assets.Count(a => a.IsArchived)),
            Paused: g.Sum(d => d.Assets.Count(a => a.IsPaused)))));
        Assert.Equal(36, customers.Sum(c => c.AgentCount));
        Assert.Equal(9, customers.Sum(c => c.ArchivedAgentCount));
        Assert.Equal(7, customers.Sum(c => c.PausedAgentCount));
        foreach (var customer in customers)
        {
            var want = expected[long.Parse(customer.Key.Value)];
            Assert.Equal((want.Agents, want.Archived, want.Paused), (customer.AgentCount, customer.ArchivedAgentCount, customer.PausedAgentCount));
        }
    }

    [Fact]
    public async Task DirectToCloudAssetsArePagedAndGroupedByOrganization()
    {
        var partner = DattoTestbed.SmallPartner();
        partner.DtcAssetsPerOrganization = 2.5;
        await using var bed = await DattoTestbed.StartAsync(partner, o => o.PageSize = 4);

        var usage = await bed.PullAsync();

        Assert.Equal(15, usage.DtcAssets!.Count);
        Assert.Equal(4, bed.Simulator.Requests.Count("/dtc/assets"));
        var expected = bed.Partner(p => p.DtcAssets.GroupBy(a => a.OrganizationId).ToDictionary(g => g.Key.ToString(), g => g.Count()));
        Assert.Equal(expected, usage.GroupByCustomer().Where(c => c.DtcAssets.Count > 0).ToDictionary(c => c.Key.Value, c => c.DtcAssets.Count));
    }
}
