using LedgerReconcile.Application.Sync;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.SyncRuns;
using LedgerReconcile.Integrations.PsaRead;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Integrations.Tests.PsaRead;

public sealed class ScheduledPsaReadTests
{
    [Fact]
    public async Task TheHostedServiceReadsATenantWithAPsaOnItsIntervalAndTheReadIsRecordedOnce()
    {
        await using var bed = await PsaReadBed.StartAsync(
            PsaKind.ConnectWise,
            (options, services) => IntegrationHost.StartAsync(
                o =>
                {
                    options(o);
                    o.PsaReadInterval = TimeSpan.FromMilliseconds(300);
                },
                s =>
                {
                    services(s);
                    s.AddLedgerIntegrationWorkers();
                    s.Replace(ServiceDescriptor.Singleton<IPsaReadTenants>(new Tenants([IntegrationHost.Tenant])));
                }));
        var workers = bed.Host.Services.GetServices<IHostedService>().ToList();
        foreach (var worker in workers)
        {
            await worker.StartAsync(CancellationToken.None);
        }

        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await RunsAsync(bed)).Count(r => r.Status == SyncRunStatus.Completed) < 2)
            {
                Assert.True(DateTime.UtcNow < deadline, "The scheduled PSA read did not run twice within 30 s.");
                await Task.Delay(100);
            }
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.StopAsync(CancellationToken.None);
            }
        }

        Assert.All(await RunsAsync(bed), r => Assert.Equal((PsaReadSources.Of(PsaKind.ConnectWise), PsaReadService.ScheduleTrigger), (r.Source, r.Trigger)));
        Assert.Equal(12m, Assert.Single((await bed.LedgerAsync()).OfType<PsaLineQuantityChanged>()).Quantity);
    }

    private static async Task<IReadOnlyList<SyncRunSummary>> RunsAsync(PsaReadBed bed) =>
        [.. (await bed.Host.SendAsync(new GetSyncRuns(IntegrationHost.Tenant))).State.Runs.Values];

    private sealed class Tenants(IReadOnlyList<string> tenants) : IPsaReadTenants
    {
        public Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken) => Task.FromResult(tenants);
    }
}
