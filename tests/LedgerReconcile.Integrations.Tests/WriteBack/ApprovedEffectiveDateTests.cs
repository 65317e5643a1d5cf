using LedgerReconcile.Application;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Integrations.WriteBack;
using Microsoft.Extensions.DependencyInjection;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Integrations.Tests.WriteBack;

public sealed class ApprovedEffectiveDateTests
{
    [Fact]
    public async Task TheWriteTakesTheEffectiveDateTheApprovalSet()
    {
        await using var psa = await PsaBed.StartAsync(PsaKind.ConnectWise);
        await using var host = await IntegrationHost.StartAsync(PsaBed.WriteOnTheSimulatorsDate, services => PsaBed.Register(services, psa.Kind, psa.Address, TimeSpan.FromSeconds(10)));
        var proposal = await psa.ProposeAsync(host, approve: false);
        var arrears = PsaBed.EffectiveDate.AddDays(14);
        await host.SendAsync(new ApproveQuantityChange(new CommandContext(IntegrationHost.Tenant, "alice@msp.example", "bulk", Guid.CreateVersion7()), PsaBed.CustomerKey, proposal, null, arrears));

        var plan = await host.Services.GetRequiredService<WriteBackPlanner>().PlanAsync(IntegrationHost.Tenant, readPsa: true, CancellationToken.None);
        await host.Services.GetRequiredService<PsaWriteDispatcher>().DispatchPendingWritesAsync(IntegrationHost.Tenant);

        Assert.True(Assert.Single(plan).WouldWrite);
        var ledger = await PsaBed.LedgerAsync(host);
        Assert.Equal(arrears, Assert.Single(ledger.OfType<QuantityChangeApprovedWithEffectiveDate>()).EffectiveDate);
        Assert.Equal(arrears, Assert.Single(ledger.OfType<PsaWriteRequested>()).EffectiveDate);
        Assert.Equal(15m, psa.Quantity);
    }
}
