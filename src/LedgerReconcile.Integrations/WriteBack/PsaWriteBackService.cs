using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LedgerReconcile.Integrations.WriteBack;

/// <summary>
/// Runs a dispatch pass for every tenant with write-back work, at start (which resolves whatever a previous process
/// left requested) and then every <see cref="LedgerIntegrationOptions.WriteBackInterval"/>.
/// </summary>
public sealed class PsaWriteBackService(
    PsaWriteDispatcher dispatcher,
    TimeProvider clock,
    IOptions<LedgerIntegrationOptions> options,
    ILogger<PsaWriteBackService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.WriteBackInterval, clock);
        do
        {
            try
            {
                foreach (var tenant in await dispatcher.TenantsWithWorkAsync(stoppingToken))
                {
                    try
                    {
                        await dispatcher.DispatchPendingWritesAsync(tenant, stoppingToken);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        logger.LogError(exception, "Write-back pass of {Tenant} failed; the next tenant is served anyway.", tenant);
                    }
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Write-back pass failed; trying again at the next interval.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
