namespace LedgerReconcile.Domain.Tenants;

/// <summary>The tenant's recurring jobs, each with its own schedule.</summary>
public enum ScheduledJob
{
    DattoSync,
    PsaRead,
    WriteBack,
}

/// <summary>
/// When a job runs: every <see cref="Interval"/> after its last run, or at the occurrences of a five-field
/// <see cref="Cron"/> expression read in the IANA <see cref="TimeZone"/> (so 06:00 stays 06:00 across a change of
/// daylight saving time). Exactly one of the two is set.
/// </summary>
public sealed record JobTiming(TimeSpan? Interval, string? Cron, string TimeZone)
{
    public const string Utc = "UTC";

    public static JobTiming Every(TimeSpan interval) => new(interval, null, Utc);

    public static JobTiming At(string cron, string timeZone) => new(null, cron, timeZone);
}

/// <summary>A job's timing as the tenant chose it, and when, so a cron schedule counts its occurrences from then on.</summary>
public sealed record ChosenTiming(JobTiming Timing, DateTimeOffset ChosenAt);

public static class ScheduledJobs
{
    public const string Grammar = "The job is datto-sync, psa-read or write-back.";

    public static readonly TimeSpan LongestInterval = TimeSpan.FromDays(7);

    public static IReadOnlyList<ScheduledJob> All { get; } = [ScheduledJob.DattoSync, ScheduledJob.PsaRead, ScheduledJob.WriteBack];

    /// <summary>The name in URLs and on the wire: <c>datto-sync</c>, <c>psa-read</c>, <c>write-back</c>.</summary>
    public static string Name(this ScheduledJob job) => job switch
    {
        ScheduledJob.DattoSync => "datto-sync",
        ScheduledJob.PsaRead => "psa-read",
        ScheduledJob.WriteBack => "write-back",
        _ => throw new ArgumentOutOfRangeException(nameof(job), job, "Unknown job."),
    };

    public static ScheduledJob Parse(string name) => TryParse(name, out var job) ? job : throw new ArgumentException(Grammar, nameof(name));

    public static bool TryParse(string? name, out ScheduledJob job)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), name, StringComparison.OrdinalIgnoreCase))
            {
                job = candidate;
                return true;
            }
        }

        job = default;
        return false;
    }

    /// <summary>
    /// How close two runs of the job may follow each other: the pulls keep the bound the sync settings always had (the
    /// Datto and PSA APIs are rate limited per partner); the write-back only touches approved changes, so it may run
    /// more often.
    /// </summary>
    public static TimeSpan ShortestInterval(this ScheduledJob job) =>
        job == ScheduledJob.WriteBack ? TimeSpan.FromMinutes(5) : SyncSettings.ShortestInterval;

    /// <summary>What is wrong with an interval timing for <paramref name="job"/>, or null; a cron expression's grammar is the validator's.</summary>
    public static string? Problem(this ScheduledJob job, JobTiming timing) =>
        (timing.Interval, timing.Cron) switch
        {
            (null, null) => "Give either an interval or a cron expression.",
            ({ }, { }) => "Give either an interval or a cron expression, not both.",
            ({ } interval, null) when interval < job.ShortestInterval() || interval > LongestInterval =>
                $"The {job.Name()} interval must lie between {job.ShortestInterval().TotalMinutes} minutes and {LongestInterval.TotalDays} days.",
            _ when string.IsNullOrWhiteSpace(timing.TimeZone) => "A time zone is required.",
            _ => null,
        };
}
