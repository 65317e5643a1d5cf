namespace LedgerReconcile.Integrations.Datto;

/// <summary>
/// Syncs every tenant that has Datto credentials, once at start and then on the tenant's own interval (the host's
/// <see cref="LedgerIntegrationOptions.DattoSyncInterval"/> until it chooses one). Tenants are synced one after the other: the Datto client
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
        schedule.IsDueAsync(tenant, DattoUsageSync.Source, s => s.DattoSyncInterval, cancellationToken);

    protected override Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken) =>
        credentials.ListTenantsAsync(cancellationToken);

    protected override Task ServeTenantAsync(string tenant, CancellationToken cancellationToken) =>
        sync.SyncAsync(new SyncDattoUsage(tenant, SyncDattoUsage.Triggers.Schedule, options.Value.SyncActor), cancellationToken);
}
