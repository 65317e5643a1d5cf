using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Integrations.PsaRead;

/// <summary>
/// Reads the PSA of every tenant that has PSA credentials when its <c>psa-read</c> schedule is due (the host's
/// <see cref="LedgerIntegrationOptions.PsaReadInterval"/> until it chooses one; never while paused). A tenant is due when the
/// read of any PSA it is connected to is due; one tenant's failure is recorded on its run and never stops the others.
/// </summary>
public sealed class PsaReadService(
    PsaReadSync sync,
    IPsaReadTenants tenants,
    TenantSchedule schedule,
    TimeProvider clock,
    IOptions<LedgerIntegrationOptions> options,
    ILogger<PsaReadService> logger) : PeriodicTenantService(clock, logger)
{
    public const string ScheduleTrigger = "schedule";

    protected override string PassName => "Scheduled PSA read";

    protected override TimeSpan Interval => options.Value.ScheduleCheckInterval < options.Value.PsaReadInterval
        ? options.Value.ScheduleCheckInterval
        : options.Value.PsaReadInterval;

    protected override async Task<bool> IsDueAsync(string tenant, CancellationToken cancellationToken)
    {
        foreach (var psa in (await sync.ConnectedAsync(tenant, cancellationToken)).Keys)
        {
            if (await schedule.IsDueAsync(tenant, ScheduledJob.PsaRead, PsaReadSources.Of(psa), cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    protected override Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken) => tenants.ListTenantsAsync(cancellationToken);

    protected override Task ServeTenantAsync(string tenant, CancellationToken cancellationToken) =>
        sync.SyncAsync(tenant, ScheduleTrigger, options.Value.PsaReadActor, cancellationToken: cancellationToken);
}
