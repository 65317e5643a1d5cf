using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Tenants;
using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Integrations;

/// <summary>A job's schedule as it applies to a tenant now: its own choice or the host's default, and whether it is paused.</summary>
/// <param name="ChosenAt">When the tenant chose the timing; null for the host's default.</param>
public sealed record JobScheduleInForce(ScheduledJob Job, JobTiming Timing, DateTimeOffset? ChosenAt, bool Paused)
{
    public bool ChosenByTenant => ChosenAt is not null;

    // The host's write-back default is every pass of the dispatcher, as before there were schedules; a pass with nothing
    // to do is not recorded, so there is no last run to count an interval from.
    public bool EveryPass => Job == ScheduledJob.WriteBack && !ChosenByTenant;
}

/// <summary>A job's schedule with its last run (the latest of its sources) and when it is next due (the earliest of them).</summary>
/// <param name="NextDueAt">Null while paused; at or before now when a run is due at the next check.</param>
public sealed record JobScheduleStatus(JobScheduleInForce Schedule, DateTimeOffset? LastRunStartedAt, DateTimeOffset? NextDueAt);

/// <summary>
/// Each tenant's own schedules: the settings and job timings it chose (or the host's defaults until it chooses) and
/// whether a job is due, judged from the tenant's sync-run log, so a restart neither skips nor repeats a due run.
/// </summary>
public sealed class TenantSchedule(LedgerReader reader, TimeProvider clock, IOptions<LedgerIntegrationOptions> options)
{
    public SyncSettings HostDefaults => SyncSettings.Default with
    {
        DattoSyncInterval = options.Value.DattoSyncInterval,
        PsaReadInterval = options.Value.PsaReadInterval,
    };

    public JobTiming HostTiming(ScheduledJob job) => JobTiming.Every(job switch
    {
        ScheduledJob.DattoSync => options.Value.DattoSyncInterval,
        ScheduledJob.PsaRead => options.Value.PsaReadInterval,
        _ => options.Value.WriteBackInterval,
    });

    /// <summary>The settings in force for <paramref name="tenant"/>, and whether the tenant chose them itself.</summary>
    public async Task<(SyncSettings Settings, bool ChosenByTenant)> SettingsOfAsync(string tenant, CancellationToken cancellationToken)
    {
        var chosen = (await TenantStateAsync(tenant, cancellationToken)).Sync;
        return (chosen ?? HostDefaults, chosen is not null);
    }

    public async Task<IReadOnlyList<JobScheduleInForce>> SchedulesOfAsync(string tenant, CancellationToken cancellationToken)
    {
        var state = await TenantStateAsync(tenant, cancellationToken);
        return ScheduledJobs.All.Select(job => InForce(state, job)).ToList();
    }

    public async Task<JobScheduleInForce> ScheduleOfAsync(string tenant, ScheduledJob job, CancellationToken cancellationToken) =>
        InForce(await TenantStateAsync(tenant, cancellationToken), job);

    /// <summary>When each source's last run started, by source (<c>datto</c>, <c>psa:connectwise</c>, <c>psa-write-back</c>...).</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> LastRunStartsAsync(string tenant, CancellationToken cancellationToken) =>
        (await reader.LoadAsync(StreamFolds.SyncRuns, tenant, StreamNames.SyncRuns(tenant), FoldCut.Everything, cancellationToken)).State.Runs.Values
        .GroupBy(r => r.Source, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Max(r => r.StartedAt), StringComparer.Ordinal);

    /// <summary>Every job's schedule in force, its last run and when it is next due.</summary>
    public async Task<IReadOnlyList<JobScheduleStatus>> StatusOfAsync(string tenant, CancellationToken cancellationToken)
    {
        var lastRuns = await LastRunStartsAsync(tenant, cancellationToken);
        return (await SchedulesOfAsync(tenant, cancellationToken)).Select(schedule =>
        {
            var starts = lastRuns.Where(run => IsSourceOf(schedule.Job, run.Key)).Select(run => (DateTimeOffset?)run.Value).ToList();
            var nextDue = starts.Count == 0 ? NextDue(schedule, null) : starts.Select(start => NextDue(schedule, start)).Min();
            return new JobScheduleStatus(schedule, starts.Max(), nextDue);
        }).ToList();
    }

    /// <summary>When the job is next due after a run from <paramref name="lastRunStart"/>; null while it is paused.</summary>
    public DateTimeOffset? NextDue(JobScheduleInForce schedule, DateTimeOffset? lastRunStart) =>
        schedule.Paused ? null
        : schedule.EveryPass ? clock.GetUtcNow()
        : JobCalendar.NextDue(schedule.Timing, schedule.ChosenAt, lastRunStart);

    /// <summary>Whether the schedule of <paramref name="job"/> starts a run from <paramref name="source"/> now; a paused job is never due.</summary>
    public async Task<bool> IsDueAsync(string tenant, ScheduledJob job, string source, CancellationToken cancellationToken)
    {
        var schedule = await ScheduleOfAsync(tenant, job, cancellationToken);
        if (schedule.Paused)
        {
            return false;
        }

        var last = (await LastRunStartsAsync(tenant, cancellationToken)).TryGetValue(source, out var started) ? started : (DateTimeOffset?)null;
        return NextDue(schedule, last) <= clock.GetUtcNow();
    }

    private static bool IsSourceOf(ScheduledJob job, string source) => job switch
    {
        ScheduledJob.DattoSync => source == Datto.DattoUsageSync.Source,
        ScheduledJob.PsaRead => source.StartsWith(PsaRead.PsaReadSources.NoPsa + ":", StringComparison.Ordinal),
        _ => source == WriteBack.WriteBackRuns.Source,
    };

    private JobScheduleInForce InForce(TenantState state, ScheduledJob job) =>
        state.Schedules.TryGetValue(job, out var chosen)
            ? new JobScheduleInForce(job, chosen.Timing, chosen.ChosenAt, state.PausedJobs.Contains(job))
            : new JobScheduleInForce(job, HostTiming(job), null, state.PausedJobs.Contains(job));

    private async Task<TenantState> TenantStateAsync(string tenant, CancellationToken cancellationToken) =>
        (await reader.LoadAsync(StreamFolds.Tenant, tenant, StreamNames.Tenant(tenant), FoldCut.Everything, cancellationToken)).State;
}
