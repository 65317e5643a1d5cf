using LedgerReconcile.Application.Tenants;
using LedgerReconcile.Domain.Tenants;
using LedgerReconcile.Integrations;

namespace LedgerReconcile.Api.Endpoints;

/// <summary>A job's timing as a person sets it: <c>intervalMinutes</c> or <c>cron</c> (five fields) in <c>timeZone</c> (IANA, UTC when absent).</summary>
/// <param name="Paused">Pauses or resumes the job in the same change; absent leaves it as it is.</param>
public sealed record JobScheduleRequest(int? IntervalMinutes, string? Cron, string? TimeZone, bool? Paused);

public sealed record PauseJobRequest(string? Reason);

/// <summary>A job's schedule in force, when it last ran and when it is next due.</summary>
/// <param name="ChosenByTenant">False while the host's default applies.</param>
/// <param name="NextDueAt">Null while paused; at or before now when the next check starts a run.</param>
public sealed record JobScheduleView(
    string Job,
    int? IntervalMinutes,
    string? Cron,
    string TimeZone,
    bool Paused,
    bool ChosenByTenant,
    DateTimeOffset? ChosenAt,
    DateTimeOffset? LastRunStartedAt,
    DateTimeOffset? NextDueAt)
{
    public static JobScheduleView From(JobScheduleStatus status) => new(
        status.Schedule.Job.Name(),
        status.Schedule.Timing.Interval is { } interval ? (int)interval.TotalMinutes : null,
        status.Schedule.Timing.Cron,
        status.Schedule.Timing.TimeZone,
        status.Schedule.Paused,
        status.Schedule.ChosenByTenant,
        status.Schedule.ChosenAt,
        status.LastRunStartedAt,
        status.NextDueAt);
}

public sealed record TenantSchedules(string Tenant, IReadOnlyList<JobScheduleView> Jobs);

/// <summary>What a change appended, and the job's schedule after it.</summary>
public sealed record JobScheduleAccepted(CommandAccepted Accepted, JobScheduleView Schedule);

public static class ScheduleEndpoints
{
    private static readonly JobScheduleView Example = new(
        "datto-sync", null, "0 6 * * 1-5", "Europe/Brussels", false, true,
        new DateTimeOffset(2026, 3, 20, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 27, 5, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 30, 4, 0, 0, TimeSpan.Zero));

    public static IEndpointRouteBuilder MapScheduleEndpoints(this IEndpointRouteBuilder app)
    {
        var schedules = app.MapGroup("/api/tenant/schedules").WithTags("Tenant settings")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        schedules.MapGet("", GetAsync)
            .Read()
            .WithName("GetSchedules")
            .WithSummary("Read the tenant's job schedules")
            .WithDescription(
                "For datto-sync, psa-read and write-back: the interval or cron expression and time zone in force, whether it is paused, " +
                "whether the tenant chose it (else the host's default), when the job last ran and when it is next due.")
            .WithResponseExample(new TenantSchedules("msp-one", [Example]));

        schedules.MapPut("/{job}", (string job, JobScheduleRequest body, HttpContext http, IMediator m, TenantSchedule schedule, CancellationToken ct) =>
                ChangeAsync(job, http, m, schedule, c => new SetJobSchedule(c, job, body.IntervalMinutes, body.Cron, body.TimeZone, body.Paused), ct))
            .Write(Policies.ManageIntegrations)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("SetSchedule")
            .WithSummary("Set when a job runs")
            .WithDescription(
                "job is datto-sync, psa-read or write-back. Give intervalMinutes (Datto sync and PSA read: 15 minutes to 7 days; " +
                "write-back: 5 minutes to 7 days) or cron, a five-field expression (minute hour day-of-month month day-of-week) read " +
                "in timeZone (IANA, e.g. Europe/Brussels; UTC when absent), never both; a cron schedule may not fire more often than the " +
                "shortest interval. An interval counts from the last run's start; a cron schedule runs at its next occurrence after " +
                "the last run (or after it was set). paused, when given, pauses or resumes the job too. Role: admin.")
            .WithRequestExample(new JobScheduleRequest(null, "0 6 * * 1-5", "Europe/Brussels", null))
            .WithResponseExample(new JobScheduleAccepted(new CommandAccepted("tenant-msp-one", 4, ["tenant.job_cron_set.v1"], true), Example));

        schedules.MapPost("/{job}/pause", (string job, PauseJobRequest? body, HttpContext http, IMediator m, TenantSchedule schedule, CancellationToken ct) =>
                ChangeAsync(job, http, m, schedule, c => new PauseJob(c, job, body?.Reason), ct))
            .Write(Policies.ManageIntegrations)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("PauseSchedule")
            .WithSummary("Pause a job's schedule")
            .WithDescription("The schedule no longer starts the job; running it on demand still works and is recorded as on-demand. Role: admin.")
            .WithRequestExample(new PauseJobRequest("PSA migration this weekend"));

        schedules.MapPost("/{job}/resume", (string job, HttpContext http, IMediator m, TenantSchedule schedule, CancellationToken ct) =>
                ChangeAsync(job, http, m, schedule, c => new ResumeJob(c, job), ct))
            .Write(Policies.ManageIntegrations)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ResumeSchedule")
            .WithSummary("Resume a paused job's schedule")
            .WithDescription("The schedule starts the job again; an occurrence missed while paused runs at the next check. Role: admin.");
        return app;
    }

    private static ScheduledJob ParseJob(string job) =>
        ScheduledJobs.TryParse(job, out var parsed)
            ? parsed
            : throw new ResourceNotFoundException($"There is no job '{job}'. {ScheduledJobs.Grammar}");

    private static async Task<Ok<TenantSchedules>> GetAsync(HttpContext http, TenantSchedule schedule, CancellationToken ct)
    {
        var tenant = http.User.Tenant();
        return TypedResults.Ok(new TenantSchedules(tenant, (await schedule.StatusOfAsync(tenant, ct)).Select(JobScheduleView.From).ToList()));
    }

    private static async Task<Ok<JobScheduleAccepted>> ChangeAsync(
        string job, HttpContext http, IMediator mediator, TenantSchedule schedule, Func<CommandContext, ICommand<CommandResult>> command, CancellationToken ct)
    {
        var parsed = ParseJob(job);
        var accepted = (await http.SendAsync(mediator, command, ct)).Value!;
        var status = (await schedule.StatusOfAsync(http.User.Tenant(), ct)).Single(s => s.Schedule.Job == parsed);
        return TypedResults.Ok(new JobScheduleAccepted(accepted, JobScheduleView.From(status)));
    }
}
