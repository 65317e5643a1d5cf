using LedgerReconcile.Simulators.Datto;

namespace LedgerReconcile.Datto.Tests;

public sealed class EndpointAgentTests
{
    [Fact]
    public async Task EndpointBackupAgentsAreReadFromClientsAndGroupedByOrganization()
    {
        var partner = DattoTestbed.SmallPartner();
        partner.EndpointAgentsPerOrganization = 2.5;
        await using var bed = await DattoTestbed.StartAsync(partner);

        var usage = await bed.PullAsync();

        Assert.Equal(15, usage.EndpointAgents!.Count);
        var expected = bed.Partner(p => p.EndpointClients.ToDictionary(c => c.OrganizationId.ToString(), c => c.Agents.Count));
        Assert.Equal(expected, usage.GroupByCustomer().ToDictionary(c => c.Key.Value, c => c.EndpointAgents.Count));
    }

    [Theory]
    [InlineData(EndpointAgentsResponse.EmptyClients)]
    [InlineData(EndpointAgentsResponse.EmptyObject)]
    [InlineData(EndpointAgentsResponse.EmptyArray)]
    [InlineData(EndpointAgentsResponse.EmptyBody)]
    public async Task AnEmptyAgentListIsKnownToBeEmpty(EndpointAgentsResponse response)
    {
        var partner = DattoTestbed.SmallPartner();
        partner.EndpointAgents = response;
        await using var bed = await DattoTestbed.StartAsync(partner);

        var usage = await bed.PullAsync();

        Assert.NotNull(usage.EndpointAgents);
        Assert.Empty(usage.EndpointAgents);
        Assert.Empty(usage.Warnings);
        Assert.Equal(12, usage.Devices.Count);
    }
}
