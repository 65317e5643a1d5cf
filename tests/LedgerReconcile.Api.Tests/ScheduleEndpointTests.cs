using System.Net.Http.Json;
using System.Text.Json;
using LedgerReconcile.Api.Endpoints;
using LedgerReconcile.Api.Tests.Infrastructure;

namespace LedgerReconcile.Api.Tests;

/// <summary>Each tenant sets when its Datto sync, PSA read and write-back run; bad input is refused and appends nothing.</summary>
public abstract class ScheduleEndpointTests(LedgerHost host)
{
    private static readonly TimeZoneInfo Brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");

    [Fact]
    public async Task ATenantSeesTheHostDefaultsForEveryJobDueAtOnceBeforeAnyRun()
    {
        var t = await host.TenantAsync("jobs");

        var schedules = await Expect.JsonAsync<TenantSchedules>(await t.Auditor.GetAsync("/api/tenant/schedules"));

        Assert.Equal(["datto-sync", "psa-read", "write-back"], schedules.Jobs.Select(j => j.Job));
        Assert.Equal([360, 360, 1], schedules.Jobs.Select(j => j.IntervalMinutes!.Value));
        Assert.All(schedules.Jobs, j => Assert.False(j.ChosenByTenant || j.Paused || j.Cron is not null || j.LastRunStartedAt is not null));
        Assert.All(schedules.Jobs, j => Assert.True(j.NextDueAt <= DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task ACronScheduleIsNextDueAtItsNextOccurrenceInItsTimeZoneAndSettingItAgainChangesNothing()
    {
        var t = await host.TenantAsync("jobs-cron");
        var request = new JobScheduleRequest(null, "0 6 * * 1-5", "Europe/Brussels", null);

        var set = await Expect.JsonAsync<JobScheduleAccepted>(await t.Admin.PutAsJsonAsync("/api/tenant/schedules/datto-sync", request));
        var head = await host.HeadAsync();
        var again = await Expect.JsonAsync<JobScheduleAccepted>(await t.Admin.PutAsJsonAsync("/api/tenant/schedules/datto-sync", request));

        Assert.Equal(["tenant.job_cron_set.v1"], set.Accepted.Appended);
        Assert.False(again.Accepted.Changed);
        Assert.Equal(head, await host.HeadAsync());
        Assert.Equal(("0 6 * * 1-5", "Europe/Brussels", true, (int?)null), (set.Schedule.Cron, set.Schedule.TimeZone, set.Schedule.ChosenByTenant, set.Schedule.IntervalMinutes));
        var next = TimeZoneInfo.ConvertTime(set.Schedule.NextDueAt!.Value, Brussels);
        Assert.Equal(new TimeOnly(6, 0), TimeOnly.FromDateTime(next.DateTime));
        Assert.InRange(next.DayOfWeek, DayOfWeek.Monday, DayOfWeek.Friday);
        Assert.InRange(next - DateTimeOffset.UtcNow, TimeSpan.Zero, TimeSpan.FromDays(4));

        var listed = await Expect.JsonAsync<TenantSchedules>(await t.Finance.GetAsync("/api/tenant/schedules"));
        Assert.Equal(set.Schedule, listed.Jobs.Single(j => j.Job == "datto-sync"));
    }

    [Fact]
    public async Task APausedWriteBackIsNeverDueYetAPassAskedForRunsAndIsRecordedAsOnDemand()
    {
        var t = await host.TenantAsync("jobs-pause");

        var paused = await Expect.JsonAsync<JobScheduleAccepted>(await t.Admin.PostAsJsonAsync("/api/tenant/schedules/write-back/pause", new PauseJobRequest("PSA migration")));
        Assert.Equal((true, (DateTimeOffset?)null), (paused.Schedule.Paused, paused.Schedule.NextDueAt));

        await Expect.StatusAsync(await t.Admin.PostAsync("/api/integrations/psa/write-back", null), 200);
        var run = Assert.Single((await Expect.JsonAsync<JsonElement>(await t.Auditor.GetAsync("/api/sync-runs"))).EnumerateArray().ToList());
        Assert.Equal(("psa-write-back", "on-demand", "Completed"), (run.GetProperty("source").GetString(), run.GetProperty("trigger").GetString(), run.GetProperty("status").GetString()));
        Assert.Equal(0, run.GetProperty("writeBackCounts").GetProperty("written").GetInt32());

        var resumed = await Expect.JsonAsync<JobScheduleAccepted>(await t.Admin.PostAsync("/api/tenant/schedules/write-back/resume", null));
        Assert.False(resumed.Schedule.Paused);
        Assert.Equal(run.GetProperty("startedAt").GetDateTimeOffset(), resumed.Schedule.LastRunStartedAt);
    }

    [Fact]
    public async Task AnIntervalChangedThroughTheSyncSettingsShowsAsTheJobsSchedule()
    {
        var t = await host.TenantAsync("jobs-legacy");

        await Expect.StatusAsync(await t.Admin.PutAsJsonAsync("/api/tenant/sync-settings", new SyncSettingsView(60, 360, [], 2, 72)), 200);

        var datto = (await Expect.JsonAsync<TenantSchedules>(await t.Auditor.GetAsync("/api/tenant/schedules"))).Jobs[0];
        Assert.Equal(("datto-sync", 60, true), (datto.Job, datto.IntervalMinutes, datto.ChosenByTenant));
    }

    [Theory]
    [InlineData("datto-sync", """{"cron":"0 6 * *","timeZone":"Europe/Brussels"}""", "cron")]
    [InlineData("datto-sync", """{"cron":"*/5 * * * *"}""", "cron")]
    [InlineData("psa-read", """{"cron":"0 6 * * 1-5","timeZone":"Europe/Atlantis"}""", "timeZone")]
    [InlineData("psa-read", """{"cron":"0 6 * * 1-5","timeZone":"W. Europe Standard Time"}""", "timeZone")]
    [InlineData("datto-sync", """{"intervalMinutes":14}""", "intervalMinutes")]
    [InlineData("write-back", """{"intervalMinutes":4}""", "intervalMinutes")]
    [InlineData("write-back", """{"intervalMinutes":10081}""", "intervalMinutes")]
    [InlineData("write-back", """{"intervalMinutes":60,"cron":"0 6 * * *"}""", "intervalMinutes")]
    [InlineData("write-back", """{"timeZone":"UTC","paused":true}""", "intervalMinutes")]
    public async Task ABadScheduleIsA400NamingTheFieldAndNothingIsAppended(string job, string body, string field)
    {
        var t = await host.TenantAsync("jobs-bad");
        var head = await host.HeadAsync();

        await Expect.ValidationAsync(await t.Admin.PutAsync($"/api/tenant/schedules/{job}", new StringContent(body, System.Text.Encoding.UTF8, "application/json")), field);

        Assert.Equal(head, await host.HeadAsync());
    }

    [Fact]
    public async Task AnUnknownJobIsA404AndOnlyAnAdminChangesASchedule()
    {
        var t = await host.TenantAsync("jobs-role");
        var head = await host.HeadAsync();

        await Expect.ProblemAsync(await t.Admin.PutAsJsonAsync("/api/tenant/schedules/invoicing", new JobScheduleRequest(60, null, null, null)), 404);
        await Expect.ProblemAsync(await t.Admin.PostAsync("/api/tenant/schedules/writeback/pause", null), 404);
        await Expect.ProblemAsync(await t.Finance.PutAsJsonAsync("/api/tenant/schedules/psa-read", new JobScheduleRequest(60, null, null, null)), 403);
        await Expect.ProblemAsync(await t.Auditor.PostAsync("/api/tenant/schedules/psa-read/pause", null), 403);

        Assert.Equal(head, await host.HeadAsync());
    }
}

public sealed class SqliteScheduleEndpointTests(SqliteHost host) : ScheduleEndpointTests(host), IClassFixture<SqliteHost>;

public sealed class PostgresScheduleEndpointTests(PostgresHost host) : ScheduleEndpointTests(host), IClassFixture<PostgresHost>;
