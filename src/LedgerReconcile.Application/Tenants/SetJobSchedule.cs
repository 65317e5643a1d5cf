using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.Tenants;

/// <summary>
/// Sets when one of the tenant's jobs (<c>datto-sync</c>, <c>psa-read</c>, <c>write-back</c>) runs: every
/// <see cref="IntervalMinutes"/>, or at the occurrences of <see cref="Cron"/> in <see cref="TimeZone"/> (UTC when
/// absent); <see cref="Paused"/>, when given, pauses or resumes it in the same decision.
/// </summary>
public sealed record SetJobSchedule(
    CommandContext Context,
    string Job,
    int? IntervalMinutes,
    string? Cron,
    string? TimeZone,
    bool? Paused) : ICommand<CommandResult>, ILedgerCommand<TenantCommand>, IUserCommand
{
    public TenantCommand ToDomain(DateTimeOffset now)
    {
        var timing = new JobTiming(IntervalMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null, Cron?.Trim(), TimeZone ?? JobTiming.Utc);
        return new TenantCommand.SetJobSchedule(ScheduledJobs.Parse(Job), timing, Paused, Context.Actor, now);
    }
}

public sealed class SetJobScheduleValidator : LedgerCommandValidator<SetJobSchedule>
{
    public SetJobScheduleValidator()
    {
        RuleFor(c => c.Job).Must(job => ScheduledJobs.TryParse(job, out _)).WithMessage(ScheduledJobs.Grammar);
        RuleFor(c => c.IntervalMinutes).NotNull().When(c => c.Cron is null).WithMessage("Give either 'intervalMinutes' or 'cron'.");
        RuleFor(c => c.IntervalMinutes).Null().When(c => c.Cron is not null).WithMessage("Give either 'intervalMinutes' or 'cron', not both.");
        When(c => c.IntervalMinutes is not null && ScheduledJobs.TryParse(c.Job, out _), () =>
            RuleFor(c => c.IntervalMinutes!.Value).Custom((minutes, context) =>
            {
                if (ScheduledJobs.Parse(context.InstanceToValidate.Job).Problem(JobTiming.Every(TimeSpan.FromMinutes(minutes))) is { } problem)
                {
                    context.AddFailure(nameof(SetJobSchedule.IntervalMinutes), problem);
                }
            }));
        When(c => c.Cron is not null && ScheduledJobs.TryParse(c.Job, out _), () =>
            RuleFor(c => c.Cron).Custom((cron, context) =>
            {
                if (JobCalendar.CronProblem(cron, ScheduledJobs.Parse(context.InstanceToValidate.Job)) is { } problem)
                {
                    context.AddFailure(nameof(SetJobSchedule.Cron), problem);
                }
            }));
        RuleFor(c => c.TimeZone).Must(JobCalendar.IsTimeZone).When(c => c.TimeZone is not null)
            .WithMessage(c => $"'{c.TimeZone}' is not an IANA time zone (e.g. 'Europe/Brussels', 'America/New_York', 'UTC').");
    }
}

public sealed class SetJobScheduleHandler(TenantLedger ledger) : TenantCommandHandler<SetJobSchedule>(ledger);
