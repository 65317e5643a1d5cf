namespace LedgerReconcile.Integrations.WriteBack;

/// <summary>
/// Runs a dispatch pass for every tenant with write-back work, at start (which resolves whatever a previous process
/// left requested) and then every <see cref="LedgerIntegrationOptions.WriteBackInterval"/>.
/// </summary>
public sealed class PsaWriteBackService(
    PsaWriteDispatcher dispatcher,
    TimeProvider clock,
    IOptions<LedgerIntegrationOptions> options,
    ILogger<PsaWriteBackService> logger) : PeriodicTenantService(clock, logger)
{
    protected override string PassName => "Write-back pass";

    protected override TimeSpan Interval => options.Value.WriteBackInterval;

    protected override Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken) =>
        dispatcher.TenantsWithWorkAsync(cancellationToken);

    protected override Task ServeTenantAsync(string tenant, CancellationToken cancellationToken) =>
        dispatcher.DispatchPendingWritesAsync(tenant, cancellationToken);
}
