using static LedgerReconcile.Domain.Tenants.TenantCommand;
using static LedgerReconcile.Domain.Tenants.TenantEvent;

namespace LedgerReconcile.Domain.Tenants;

public static partial class TenantDecider
{
    private static TenantEvent[] SetSchedule(SetJobSchedule command, TenantState state)
    {
        if (command.Job.Problem(command.Timing) is { } problem)
        {
            throw new RuleViolationException("job_schedule.invalid", problem);
        }

        TenantEvent[] timing = state.Schedules.TryGetValue(command.Job, out var current) && current.Timing == command.Timing
            ? []
            : [Timing(command)];
        TenantEvent[] pausing = command.Paused switch
        {
            true => Pause(new PauseJob(command.Job, null, command.Actor, command.Now), state),
            false => Resume(new ResumeJob(command.Job, command.Actor, command.Now), state),
            null => [],
        };
        return [.. timing, .. pausing];
    }

    private static TenantEvent Timing(SetJobSchedule command) =>
        command.Timing.Interval is { } interval
            ? new JobIntervalSet(command.Job, interval, command.Actor, command.Now)
            : new JobCronSet(command.Job, command.Timing.Cron!, command.Timing.TimeZone, command.Actor, command.Now);

    private static TenantEvent[] Pause(PauseJob command, TenantState state) =>
        state.PausedJobs.Contains(command.Job) ? [] : [new JobPaused(command.Job, command.Reason, command.Actor, command.Now)];

    private static TenantEvent[] Resume(ResumeJob command, TenantState state) =>
        state.PausedJobs.Contains(command.Job) ? [new JobResumed(command.Job, command.Actor, command.Now)] : [];
}
