using LedgerReconcile.Datto.Usage;

namespace LedgerReconcile.Datto.Tests;

public sealed class CustomerGroupingTests
{
    [Fact]
    public async Task OldDevicesWithOnlyACompanyNameJoinTheirOrganization()
    {
        var partner = DattoTestbed.SmallPartner();
        partner.OrganizationIdMissingEvery = 3;
        await using var bed = await DattoTestbed.StartAsync(partner);

        var usage = await bed.PullAsync();

        Assert.Equal(4, usage.Devices.Count(d => d.OrganizationId is null));
        var customers = usage.GroupByCustomer();
        Assert.All(customers, c => Assert.Equal(DattoCustomerKeyKind.Organization, c.Key.Kind));
        var expected = bed.Partner(p => p.Devices.GroupBy(d => d.OrganizationId)
            .ToDictionary(g => g.Key.ToString(), g => (Devices: g.Count(), Agents: g.Sum(d => d.AgentCount))));
        Assert.Equal(expected, customers.ToDictionary(c => c.Key.Value, c => (c.DeviceCount, c.AgentCount)));
        Assert.All(customers, c => Assert.Equal(bed.Partner(p => p.Organizations.Single(o => o.Id.ToString() == c.Key.Value).Name), c.DisplayName));
    }

    [Fact]
    public async Task ACompanyNameWithoutAnOrganizationIsItsOwnCustomerWhateverItsCaseSpacingAndPunctuation()
    {
        await using var bed = await DattoTestbed.StartAsync();
        var (first, second) = bed.Partner(p => (p.Devices[0].SerialNumber, p.Devices[4].SerialNumber));
        bed.Simulator.Mutate(p =>
        {
            p.Device(first).LegacyWithoutOrganization = true;
            p.Device(first).ClientCompanyName = "Lone  Shop ltd ";
            p.Device(second).LegacyWithoutOrganization = true;
            p.Device(second).ClientCompanyName = "LONE SHOP, LTD.";
        });

        var customers = (await bed.PullAsync()).GroupByCustomer();

        var lone = customers.Single(c => c.Key == DattoCustomerKey.ForCompanyName("lone shop ltd"));
        Assert.Equal(new DattoCustomerKey(DattoCustomerKeyKind.CompanyName, "lone-shop-ltd"), lone.Key);
        Assert.Equal([first, second], lone.Devices.Select(d => d.SerialNumber));
        Assert.Equal(8, lone.AgentCount + lone.ShareCount);
        Assert.Equal(12, customers.Sum(c => c.DeviceCount));
    }

    [Fact]
    public async Task SaasDomainsJoinTheirOrganizationsDevices()
    {
        var partner = DattoTestbed.SmallPartner();
        partner.SaasDomainsPerOrganization = 1;
        await using var bed = await DattoTestbed.StartAsync(partner);

        var customers = (await bed.PullAsync()).GroupByCustomer();

        Assert.Equal(6, customers.Count);
        Assert.All(customers, c =>
        {
            Assert.Equal(2, c.DeviceCount);
            Assert.Single(c.SaasDomains);
            Assert.Single(c.DtcAssets);
            Assert.Equal(bed.Partner(p => p.SaasDomains.Single(d => d.OrganizationId.ToString() == c.Key.Value).SeatsUsed), c.BillableSeatCount);
        });
    }
}
