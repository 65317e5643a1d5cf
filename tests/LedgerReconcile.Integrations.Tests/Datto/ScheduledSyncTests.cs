using LedgerReconcile.Application;
using LedgerReconcile.Application.Tenants;
using LedgerReconcile.Domain;
using LedgerReconcile.Integrations.Datto;
using LedgerReconcile.Simulators.Datto;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static LedgerReconcile.Domain.SyncRuns.SyncRunEvent;

namespace LedgerReconcile.Integrations.Tests.Datto;

public sealed class ScheduledSyncTests
{
    [Fact]
    public async Task TheHostedServiceSyncsEveryTenantWithCredentialsOnItsInterval()
    {
        await using var simulator = await DattoSimulator.StartAsync(DattoSyncBed.SmallPartner());
        await using var host = await StartTwoTenantsAsync(simulator);

        await RunWorkersUntilAsync(host, async () => await CompletedRuns(host, "msp-one") >= 2 && await CompletedRuns(host, "msp-two") >= 1,
            "The scheduled sync did not run twice within 30 s.");

        var runs = (await host.ReadEventsAsync(StreamNames.SyncRuns("msp-one"))).OfType<SyncRunStarted>().ToList();
        Assert.All(runs, r => Assert.Equal((SyncDattoUsage.Triggers.Schedule, "system:datto-sync"), (r.Trigger, r.Actor)));
        Assert.Empty(await host.ReadEventsAsync(StreamNames.SyncRuns("msp-three")));
    }

    [Fact]
    public async Task ATenantOnItsOwnLongerIntervalIsNotSyncedAgainWhileTheOthersAre()
    {
        await using var simulator = await DattoSimulator.StartAsync(DattoSyncBed.SmallPartner());
        await using var host = await StartTwoTenantsAsync(simulator);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SetTenantSyncSettings(
                new CommandContext("msp-two", "admin@msp.example", "test", Guid.CreateVersion7()), 24 * 60, 360, [], 2, 72));
        }

        await RunWorkersUntilAsync(host, async () => await CompletedRuns(host, "msp-one") >= 3,
            "The scheduled sync of msp-one did not run three times within 30 s.");

        Assert.Equal(1, await CompletedRuns(host, "msp-two"));
    }

    // Two tenants on one Datto partner, with a host default interval short enough to see several scheduled runs.
    private static async Task<IntegrationHost> StartTwoTenantsAsync(DattoSimulator simulator)
    {
        var host = await IntegrationHost.StartAsync(
            o => o.DattoSyncInterval = TimeSpan.FromMilliseconds(300),
            services => services.AddLedgerIntegrationWorkers());
        host.Credentials.Set("msp-one", DattoSyncBed.CredentialsOf(simulator));
        host.Credentials.Set("msp-two", DattoSyncBed.CredentialsOf(simulator));
        return host;
    }

    private static async Task RunWorkersUntilAsync(IntegrationHost host, Func<Task<bool>> done, string failure)
    {
        var workers = host.Services.GetServices<IHostedService>().ToList();
        foreach (var worker in workers)
        {
            await worker.StartAsync(CancellationToken.None);
        }

        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!await done())
            {
                Assert.True(DateTime.UtcNow < deadline, failure);
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
    }

    private static async Task<int> CompletedRuns(IntegrationHost host, string tenant) =>
        (await host.ReadEventsAsync(StreamNames.SyncRuns(tenant))).OfType<SyncRunCompleted>().Count();
}
