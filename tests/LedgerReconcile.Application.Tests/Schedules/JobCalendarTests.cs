using LedgerReconcile.Application.Tenants;
using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.Tests.Schedules;

public class JobCalendarTests
{
    private static readonly JobTiming WeekdaysAtSixInBrussels = JobTiming.At("0 6 * * 1-5", "Europe/Brussels");

    // Europe/Brussels moves from UTC+1 to UTC+2 on Sunday 29 March 2026: 06:00 is 05:00Z on the Friday, 04:00Z on the Monday.
    private static readonly DateTimeOffset FridayBeforeTheChange = new(2026, 3, 27, 5, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MondayAfterTheChange = new(2026, 3, 30, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ACronScheduleIsNextDueAtSixLocalTimeOnBothSidesOfTheDaylightSavingChange()
    {
        Assert.Equal(FridayBeforeTheChange, JobCalendar.NextDue(WeekdaysAtSixInBrussels, FridayBeforeTheChange.AddDays(-1), FridayBeforeTheChange.AddDays(-1)));
        Assert.Equal(MondayAfterTheChange, JobCalendar.NextDue(WeekdaysAtSixInBrussels, FridayBeforeTheChange.AddDays(-1), FridayBeforeTheChange));
    }

    [Fact]
    public void ANewCronScheduleCountsFromWhenItWasChosenNotFromAnOlderRun() =>
        Assert.Equal(
            MondayAfterTheChange,
            JobCalendar.NextDue(WeekdaysAtSixInBrussels, FridayBeforeTheChange.AddHours(3), FridayBeforeTheChange.AddDays(-10)));

    [Fact]
    public void AnIntervalCountsFromTheLastRunAndIsDueAtOnceWithoutOne()
    {
        var hourly = JobTiming.Every(TimeSpan.FromHours(1));

        Assert.Equal(FridayBeforeTheChange.AddHours(1), JobCalendar.NextDue(hourly, null, FridayBeforeTheChange));
        Assert.Equal(DateTimeOffset.MinValue, JobCalendar.NextDue(hourly, null, null));
    }

    [Theory]
    [InlineData("0 6 * * 1-5")]
    [InlineData("*/15 * * * *")]
    [InlineData("30 2 1 * *")]
    [InlineData("@daily")]
    public void ACronExpressionThatFiresNoMoreOftenThanTheJobAllowsIsAccepted(string cron) =>
        Assert.Null(JobCalendar.CronProblem(cron, ScheduledJob.DattoSync));

    [Theory]
    [InlineData("0 6 * *", "is not a cron expression")]
    [InlineData("0 0 6 * * 1-5", "is not a cron expression")]
    [InlineData("61 * * * *", "is not a cron expression")]
    [InlineData("every day", "is not a cron expression")]
    [InlineData("*/5 * * * *", "more often than every 15 minutes")]
    [InlineData("0,10 6 * * *", "more often than every 15 minutes")]
    [InlineData("0 0 30 2 *", "never fires")]
    public void ACronExpressionThatIsNotFiveFieldsOrFiresTooOftenOrNeverIsRefused(string cron, string problem) =>
        Assert.Contains(problem, JobCalendar.CronProblem(cron, ScheduledJob.PsaRead));

    [Fact]
    public void TheWriteBackMayRunEveryFiveMinutes() =>
        Assert.Null(JobCalendar.CronProblem("*/5 * * * *", ScheduledJob.WriteBack));

    [Theory]
    [InlineData("Europe/Brussels", true)]
    [InlineData("America/New_York", true)]
    [InlineData("UTC", true)]
    [InlineData("Europe/Atlantis", false)]
    [InlineData("W. Europe Standard Time", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void OnlyAnIanaTimeZoneIsATimeZone(string? id, bool known) =>
        Assert.Equal(known, JobCalendar.IsTimeZone(id));
}
