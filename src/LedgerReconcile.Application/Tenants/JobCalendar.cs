using Cronos;
using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.Tenants;

/// <summary>
/// Reads a job's timing as a calendar: whether a cron expression and a time zone are ones the scheduler can follow,
/// and when the job is next due. Cronos reads the expression in the time zone, so a change of daylight saving time
/// neither skips nor doubles an occurrence.
/// </summary>
public static class JobCalendar
{
    public const string CronGrammar = "A cron expression has five fields: minute hour day-of-month month day-of-week (e.g. '0 6 * * 1-5').";

    // Enough occurrences to meet every gap of an hourly or daily pattern, from a fixed start so validation reads no clock.
    private const int OccurrencesCompared = 100;
    private static readonly DateTimeOffset Reference = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>An IANA time zone this machine knows (a Windows name is refused, so a stored schedule reads the same everywhere).</summary>
    public static bool IsTimeZone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;

    /// <summary>What is wrong with <paramref name="cron"/> as <paramref name="job"/>'s schedule, or null.</summary>
    public static string? CronProblem(string? cron, ScheduledJob job)
    {
        if (cron is null || !CronExpression.TryParse(cron, CronFormat.Standard, out var expression))
        {
            return $"'{cron}' is not a cron expression. {CronGrammar}";
        }

        var occurrences = expression.GetOccurrences(Reference, Reference.AddYears(10), TimeZoneInfo.Utc).Take(OccurrencesCompared).ToList();
        if (occurrences.Count == 0)
        {
            return $"'{cron}' never fires.";
        }

        return occurrences.Zip(occurrences.Skip(1), (a, b) => b - a).Any(gap => gap < job.ShortestInterval())
            ? $"'{cron}' fires more often than every {job.ShortestInterval().TotalMinutes} minutes, the shortest gap allowed for {job.Name()}."
            : null;
    }

    /// <summary>
    /// When the job is due again: an interval counts from the last run's start; a cron schedule's next occurrence
    /// after the last run's start, or after the moment it was chosen if that is later, so a new schedule does not
    /// fire at once for an occurrence that passed before it existed. Never run: an interval is due at once.
    /// </summary>
    public static DateTimeOffset NextDue(JobTiming timing, DateTimeOffset? chosenAt, DateTimeOffset? lastRunStart)
    {
        if (timing.Interval is { } interval)
        {
            return lastRunStart is { } last ? last + interval : DateTimeOffset.MinValue;
        }

        var after = Later(lastRunStart, chosenAt) ?? DateTimeOffset.MinValue;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timing.TimeZone);
        return CronExpression.Parse(timing.Cron!, CronFormat.Standard).GetNextOccurrence(after, zone) ?? DateTimeOffset.MaxValue;
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a > b || b is null ? a : b;
}
