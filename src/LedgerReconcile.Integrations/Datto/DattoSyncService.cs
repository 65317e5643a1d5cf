using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LedgerReconcile.Integrations.Datto;

/// <summary>
/// Syncs every tenant that has Datto credentials, once at start and then every
/// <see cref="LedgerIntegrationOptions.DattoSyncInterval"/>. Tenants are synced one after the other: the Datto client
/// already runs its own calls in parallel, and one tenant's failure is recorded on its run, never stops the others.
/// </summary>
public sealed class DattoSyncService(
    DattoUsageSync sync,
    IDattoCredentialSource credentials,
    TimeProvider clock,
    IOptions<LedgerIntegrationOptions> options,
    ILogger<DattoSyncService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DattoSyncInterval, clock);
        do
        {
            await SyncEveryTenantAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task SyncEveryTenantAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<string> tenants;
        try
        {
            tenants = await credentials.ListTenantsAsync(stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Could not list the tenants with Datto credentials; trying again at the next interval.");
            return;
        }

        foreach (var tenant in tenants)
        {
            stoppingToken.ThrowIfCancellationRequested();
            try
            {
                await sync.SyncAsync(new SyncDattoUsage(tenant, SyncDattoUsage.Triggers.Schedule, options.Value.SyncActor), stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Scheduled Datto sync of {Tenant} failed; the next tenant is synced anyway.", tenant);
            }
        }
    }
}
