using LedgerReconcile.Application;
using LedgerReconcile.Application.Tenants;
using LedgerReconcile.Domain.Tenants;
using LedgerReconcile.Integrations.Datto;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerReconcile.Integrations.Tests.Schedules;

/// <summary>The schedule in force per job, from the tenant's own choices or the host's defaults, and when a job is due.</summary>
public sealed class TenantScheduleTests
{
    private static CommandContext Admin => new(IntegrationHost.Tenant, "alice@msp.example", "test", Guid.CreateVersion7());

    [Fact]
    public async Task UntilTheTenantChoosesTheHostDefaultsApplyAndEveryJobIsDue()
    {
        await using var host = await IntegrationHost.StartAsync(o => o.DattoSyncInterval = TimeSpan.FromHours(4));
        var schedule = host.Services.GetRequiredService<TenantSchedule>();

        var jobs = await schedule.StatusOfAsync(IntegrationHost.Tenant, CancellationToken.None);

        Assert.Equal(ScheduledJobs.All, jobs.Select(j => j.Schedule.Job));
        Assert.All(jobs, j => Assert.False(j.Schedule.ChosenByTenant || j.Schedule.Paused));
        Assert.Equal([TimeSpan.FromHours(4), TimeSpan.FromHours(6), TimeSpan.FromMinutes(1)], jobs.Select(j => j.Schedule.Timing.Interval!.Value));
        Assert.True(await schedule.IsDueAsync(IntegrationHost.Tenant, ScheduledJob.DattoSync, DattoUsageSync.Source, CancellationToken.None));
    }

    [Fact]
    public async Task ThePsaReadIntervalSetThroughTheSyncSettingsIsThePsaReadSchedule()
    {
        await using var host = await IntegrationHost.StartAsync();
        await host.SendAsync(new SetTenantSyncSettings(Admin, 360, 120, [], 2, 72));

        var psaRead = await host.Services.GetRequiredService<TenantSchedule>().ScheduleOfAsync(IntegrationHost.Tenant, ScheduledJob.PsaRead, CancellationToken.None);

        Assert.Equal((JobTiming.Every(TimeSpan.FromHours(2)), true), (psaRead.Timing, psaRead.ChosenByTenant));
    }

    [Fact]
    public async Task APausedDattoSyncIsNeverDueAndIsDueAgainOnceResumed()
    {
        await using var host = await IntegrationHost.StartAsync();
        var schedule = host.Services.GetRequiredService<TenantSchedule>();
        await host.SendAsync(new PauseJob(Admin, "datto-sync", "Datto maintenance"));

        Assert.False(await schedule.IsDueAsync(IntegrationHost.Tenant, ScheduledJob.DattoSync, DattoUsageSync.Source, CancellationToken.None));
        Assert.Null((await schedule.StatusOfAsync(IntegrationHost.Tenant, CancellationToken.None))[0].NextDueAt);

        await host.SendAsync(new ResumeJob(Admin, "datto-sync"));
        Assert.True(await schedule.IsDueAsync(IntegrationHost.Tenant, ScheduledJob.DattoSync, DattoUsageSync.Source, CancellationToken.None));
    }
}
