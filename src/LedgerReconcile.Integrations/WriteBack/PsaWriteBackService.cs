using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Integrations.WriteBack;

/// <summary>
/// Runs a dispatch pass for every tenant with write-back work, at start (which resolves whatever a previous process
/// left requested) and then whenever the tenant's <c>write-back</c> schedule is due: every
/// <see cref="LedgerIntegrationOptions.WriteBackInterval"/> until the tenant chooses its own, never while it is paused.
/// </summary>
public sealed class PsaWriteBackService(
    PsaWriteDispatcher dispatcher,
    WriteBackRuns runs,
    TenantSchedule schedule,
    TimeProvider clock,
    IOptions<LedgerIntegrationOptions> options,
    ILogger<PsaWriteBackService> logger) : PeriodicTenantService(clock, logger)
{
    public const string ScheduleTrigger = "schedule";

    protected override string PassName => "Write-back pass";

    // Each pass serves the tenants on the host's default, so the passes keep the default's pace; a tenant's own schedule
    // is checked at each of them.
    protected override TimeSpan Interval => options.Value.WriteBackInterval;

    protected override Task<bool> IsDueAsync(string tenant, CancellationToken cancellationToken) =>
        schedule.IsDueAsync(tenant, ScheduledJob.WriteBack, WriteBackRuns.Source, cancellationToken);

    protected override Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken) =>
        dispatcher.TenantsWithWorkAsync(cancellationToken);

    protected override async Task ServeTenantAsync(string tenant, CancellationToken cancellationToken)
    {
        var chosen = (await schedule.ScheduleOfAsync(tenant, ScheduledJob.WriteBack, cancellationToken)).ChosenByTenant;
        await runs.RunAsync(tenant, ScheduleTrigger, options.Value.WriteBackActor, recordIdle: chosen, cancellationToken: cancellationToken);
    }
}
