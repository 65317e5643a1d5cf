using LedgerReconcile.Domain.Tenants;
using static LedgerReconcile.Domain.Tenants.TenantCommand;
using static LedgerReconcile.Domain.Tenants.TenantEvent;

namespace LedgerReconcile.Domain.Tests.Tenants;

public class JobScheduleTests
{
    private static readonly JobTiming Weekdays = JobTiming.At("0 6 * * 1-5", "Europe/Brussels");

    [Fact]
    public void ACronScheduleIsRecordedWithItsTimeZone() =>
        Spec.Tenant
            .When(new SetJobSchedule(ScheduledJob.DattoSync, Weekdays, null, Sample.Person, Sample.Now))
            .Then(new JobCronSet(ScheduledJob.DattoSync, "0 6 * * 1-5", "Europe/Brussels", Sample.Person, Sample.Now));

    [Fact]
    public void AnIntervalScheduleReplacesACronSchedule()
    {
        var state = Spec.Tenant
            .Given(new JobCronSet(ScheduledJob.PsaRead, "0 6 * * 1-5", "Europe/Brussels", Sample.Person, Sample.Now))
            .When(new SetJobSchedule(ScheduledJob.PsaRead, JobTiming.Every(TimeSpan.FromHours(2)), null, Sample.Person, Sample.Now.AddHours(1)))
            .ThenState();

        Assert.Equal(new ChosenTiming(JobTiming.Every(TimeSpan.FromHours(2)), Sample.Now.AddHours(1)), state.Schedules[ScheduledJob.PsaRead]);
    }

    [Fact]
    public void TheSameScheduleAgainChangesNothing() =>
        Spec.Tenant
            .Given(new JobCronSet(ScheduledJob.DattoSync, "0 6 * * 1-5", "Europe/Brussels", Sample.Person, Sample.Now))
            .When(new SetJobSchedule(ScheduledJob.DattoSync, Weekdays, null, Sample.Person, Sample.Now.AddHours(1)))
            .ThenNothing();

    [Fact]
    public void ASchedulePausedInTheSameChangeRecordsBoth() =>
        Spec.Tenant
            .When(new SetJobSchedule(ScheduledJob.WriteBack, JobTiming.Every(TimeSpan.FromMinutes(5)), true, Sample.Person, Sample.Now))
            .Then(
                new JobIntervalSet(ScheduledJob.WriteBack, TimeSpan.FromMinutes(5), Sample.Person, Sample.Now),
                new JobPaused(ScheduledJob.WriteBack, null, Sample.Person, Sample.Now));

    [Fact]
    public void PausingAPausedJobChangesNothingAndResumingARunningOneNeither()
    {
        Spec.Tenant
            .Given(new JobPaused(ScheduledJob.PsaRead, "migration", Sample.Person, Sample.Now))
            .When(new PauseJob(ScheduledJob.PsaRead, "again", Sample.Person, Sample.Now))
            .ThenNothing();
        Spec.Tenant
            .When(new ResumeJob(ScheduledJob.PsaRead, Sample.Person, Sample.Now))
            .ThenNothing();
    }

    [Fact]
    public void AResumedJobIsNoLongerPaused() =>
        Assert.Empty(Spec.Tenant
            .Given(new JobPaused(ScheduledJob.WriteBack, null, Sample.Person, Sample.Now))
            .When(new ResumeJob(ScheduledJob.WriteBack, Sample.Person, Sample.Now))
            .ThenState().PausedJobs);

    [Theory]
    [InlineData(ScheduledJob.DattoSync, 14)]
    [InlineData(ScheduledJob.PsaRead, 10081)]
    [InlineData(ScheduledJob.WriteBack, 4)]
    public void AnIntervalOutsideTheJobsBoundsIsRefused(ScheduledJob job, int minutes) =>
        Spec.Tenant
            .When(new SetJobSchedule(job, JobTiming.Every(TimeSpan.FromMinutes(minutes)), null, Sample.Person, Sample.Now))
            .ThenViolates("job_schedule.invalid");

    [Fact]
    public void BothAnIntervalAndACronExpressionAreRefused() =>
        Spec.Tenant
            .When(new SetJobSchedule(ScheduledJob.DattoSync, new JobTiming(TimeSpan.FromHours(1), "0 6 * * *", "UTC"), null, Sample.Person, Sample.Now))
            .ThenViolates("job_schedule.invalid");

    [Fact]
    public void TheSyncSettingsIntervalsAreTheDattoAndPsaSchedulesOfALedgerWrittenBeforeSchedules()
    {
        var state = TenantState.Fold([new SyncSettingsSet(SyncSettings.Default with { DattoSyncInterval = TimeSpan.FromHours(1) }, Sample.Person, Sample.Now)]);

        Assert.Equal(new ChosenTiming(JobTiming.Every(TimeSpan.FromHours(1)), Sample.Now), state.Schedules[ScheduledJob.DattoSync]);
        Assert.Equal(new ChosenTiming(JobTiming.Every(TimeSpan.FromHours(6)), Sample.Now), state.Schedules[ScheduledJob.PsaRead]);
        Assert.False(state.Schedules.ContainsKey(ScheduledJob.WriteBack));
    }

    [Fact]
    public void SyncSettingsSentAgainWithTheSameIntervalsLeaveACronScheduleInForce()
    {
        var settings = SyncSettings.Default with { PsaAgreementTypes = ["Backup"] };
        var state = TenantState.Fold(
        [
            new SyncSettingsSet(SyncSettings.Default, Sample.Person, Sample.Now),
            new JobCronSet(ScheduledJob.DattoSync, "0 6 * * 1-5", "Europe/Brussels", Sample.Person, Sample.Now.AddHours(1)),
            new SyncSettingsSet(settings with { PsaReadInterval = TimeSpan.FromHours(3) }, Sample.Person, Sample.Now.AddHours(2)),
        ]);

        Assert.Equal(Weekdays, state.Schedules[ScheduledJob.DattoSync].Timing);
        Assert.Equal(JobTiming.Every(TimeSpan.FromHours(3)), state.Schedules[ScheduledJob.PsaRead].Timing);
    }

    [Theory]
    [InlineData("datto-sync", ScheduledJob.DattoSync)]
    [InlineData("PSA-READ", ScheduledJob.PsaRead)]
    [InlineData("write-back", ScheduledJob.WriteBack)]
    public void JobsAreNamedAsInTheirUrls(string name, ScheduledJob job)
    {
        Assert.True(ScheduledJobs.TryParse(name, out var parsed));
        Assert.Equal(job, parsed);
        Assert.False(ScheduledJobs.TryParse("writeback", out _));
    }
}
