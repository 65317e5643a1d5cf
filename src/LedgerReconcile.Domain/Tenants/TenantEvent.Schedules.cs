namespace LedgerReconcile.Domain.Tenants;

public abstract partial record TenantEvent
{
    /// <summary>From now on the job runs every <paramref name="Interval"/> after its last run.</summary>
    public sealed record JobIntervalSet(ScheduledJob Job, TimeSpan Interval, string Actor, DateTimeOffset SetAt) : TenantEvent;

    /// <summary>From now on the job runs at the occurrences of the five-field <paramref name="Cron"/> expression in the IANA <paramref name="TimeZone"/>.</summary>
    public sealed record JobCronSet(ScheduledJob Job, string Cron, string TimeZone, string Actor, DateTimeOffset SetAt) : TenantEvent;

    /// <summary>The schedule no longer starts the job; a person may still run it on demand.</summary>
    public sealed record JobPaused(ScheduledJob Job, string? Reason, string Actor, DateTimeOffset PausedAt) : TenantEvent;

    /// <summary>The schedule starts the job again.</summary>
    public sealed record JobResumed(ScheduledJob Job, string Actor, DateTimeOffset ResumedAt) : TenantEvent;
}
