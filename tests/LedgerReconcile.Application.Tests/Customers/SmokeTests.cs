using LedgerReconcile.Application.Customers;

namespace LedgerReconcile.Application.Tests.Customers;

public class SmokeTests
{
    [Fact]
    public async Task TheGeneratedMediatorReachesTheApplicationHandlers()
    {
        await using var host = await LedgerHost.StartAsync();

        var result = await host.SendAsync(new MapAccount(new CommandContext(LedgerHost.Tenant, "a@b", "corr-1", Guid.CreateVersion7()), "org-1", 1, "Acme", "ConnectWise", "cw-1", "Acme", "agr-1", null));

        Assert.Equal(["customer.account_mapped.v1"], result.Appended);
    }
}
