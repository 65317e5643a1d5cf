using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.SyncRuns;
using LedgerReconcile.Integrations.WriteBack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static LedgerReconcile.Domain.SyncRuns.SyncRunEvent;

namespace LedgerReconcile.Integrations.Tests.WriteBack;

/// <summary>Write-back passes are runs in the sync-run log, like Datto syncs and PSA reads, with their trigger and counts.</summary>
public sealed class WriteBackRunTests
{
    [Fact]
    public async Task AScheduledPassThatWroteIsRecordedWithItsCountsAndAnIdlePassOnTheHostDefaultIsNot()
    {
        await using var psa = await PsaBed.StartAsync(PsaKind.ConnectWise);
        await using var host = await IntegrationHost.StartAsync(
            PsaBed.WriteOnTheSimulatorsDate,
            services => services.Also(s => PsaBed.Register(s, psa.Kind, psa.Address, TimeSpan.FromSeconds(10))).AddLedgerIntegrationWorkers());
        await psa.ProposeAsync(host);
        var service = host.Services.GetServices<IHostedService>().OfType<PsaWriteBackService>().Single();

        await service.ServeDueTenantsAsync(CancellationToken.None);
        await service.ServeDueTenantsAsync(CancellationToken.None);

        var log = await host.ReadEventsAsync(StreamNames.SyncRuns(IntegrationHost.Tenant));
        var started = Assert.Single(log.OfType<SyncRunStarted>());
        var completed = Assert.Single(log.OfType<WriteBackRunCompleted>());
        Assert.Equal((WriteBackRuns.Source, PsaWriteBackService.ScheduleTrigger, "system:psa-write-back"), (started.Source, started.Trigger, started.Actor));
        Assert.Equal((started.RunId, new WriteBackCounts(1, 0, 0, 0, 0, 0)), (completed.RunId, completed.Counts));
        Assert.Equal(1, psa.WritesReceived);
    }

    [Fact]
    public async Task APassAskedForIsRecordedAsOnDemandEvenWhenItFindsNothingToWrite()
    {
        await using var host = await IntegrationHost.StartAsync();

        var report = await host.Services.GetRequiredService<WriteBackRuns>().RunAsync(IntegrationHost.Tenant, "on-demand", "bob@msp.example", recordIdle: true);

        Assert.Empty(report.Steps);
        var run = Assert.Single((await host.SendAsync(new Application.Sync.GetSyncRuns(IntegrationHost.Tenant))).State.Runs.Values);
        Assert.Equal((WriteBackRuns.Source, "on-demand", "bob@msp.example", SyncRunStatus.Completed, WriteBackCounts.None), (run.Source, run.Trigger, run.Actor, run.Status, run.WriteBackCounts));
    }
}
