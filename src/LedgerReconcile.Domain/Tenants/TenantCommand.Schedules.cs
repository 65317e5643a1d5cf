namespace LedgerReconcile.Domain.Tenants;

public abstract partial record TenantCommand
{
    /// <param name="Paused">Pause or resume in the same decision; null leaves the job as it is.</param>
    public sealed record SetJobSchedule(ScheduledJob Job, JobTiming Timing, bool? Paused, string Actor, DateTimeOffset Now) : TenantCommand;

    public sealed record PauseJob(ScheduledJob Job, string? Reason, string Actor, DateTimeOffset Now) : TenantCommand;

    public sealed record ResumeJob(ScheduledJob Job, string Actor, DateTimeOffset Now) : TenantCommand;
}
