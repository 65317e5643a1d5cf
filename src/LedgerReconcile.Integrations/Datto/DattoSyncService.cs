using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Integrations.Datto;

/// <summary>
/// Syncs every tenant that has Datto credentials when its <c>datto-sync</c> schedule is due (the host's
/// <see cref="LedgerIntegrationOptions.DattoSyncInterval"/> until it chooses one; never while paused). Tenants are synced one after the other: the Datto client
/// already runs its own calls in parallel, and one tenant's failure is recorded on its run, never stops the others.
/// </summary>
public sealed class DattoSyncService(
    DattoUsageSync sync,
    IDattoCredentialSource credentials,
    TenantSchedule schedule,
    TimeProvider clock,
    IOptions<LedgerIntegrationOptions> options,
    ILogger<DattoSyncService> logger) : PeriodicTenantService(clock, logger)
{
    protected override string PassName => "Scheduled Datto sync";

    protected override TimeSpan Interval => options.Value.ScheduleCheckInterval < options.Value.DattoSyncInterval
        ? options.Value.ScheduleCheckInterval
        : options.Value.DattoSyncInterval;

    protected override Task<bool> IsDueAsync(string tenant, CancellationToken cancellationToken) =>
        schedule.IsDueAsync(tenant, ScheduledJob.DattoSync, DattoUsageSync.Source, cancellationToken);

    protected override Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken) =>
        credentials.ListTenantsAsync(cancellationToken);

    protected override Task ServeTenantAsync(string tenant, CancellationToken cancellationToken) =>
        sync.SyncAsync(new SyncDattoUsage(tenant, SyncDattoUsage.Triggers.Schedule, options.Value.SyncActor), cancellationToken);
}
