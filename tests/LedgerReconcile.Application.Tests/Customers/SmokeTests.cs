using LedgerReconcile.Application.Customers;

namespace LedgerReconcile.Application.Tests.Customers;

public class SmokeTests
{
    [Fact]
    public async Task TheGeneratedMediatorReachesTheApplicationHandlers()
    {
        await using var host = await LedgerHost.StartAsync();

        var result = await host.SendAsync(new MapAccount(LedgerHost.Tenant, "org-1", 1, "Acme", "ConnectWise", "cw-1", "Acme", "agr-1", null, "a@b", "corr-1", Guid.CreateVersion7()));

        Assert.Equal(["customer.account_mapped.v1"], result.Appended);
    }
}
