using Microsoft.Extensions.Hosting;

namespace LedgerReconcile.Integrations;

/// <summary>
/// Looks at every tenant once at start and then every <see cref="Interval"/>, one after the other, and serves those that are due. One tenant's
/// failure is logged and never stops the others; a failure to list the tenants waits for the next interval.
/// </summary>
public abstract class PeriodicTenantService(TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>What one pass is called in the log, e.g. "Write-back pass".</summary>
    protected abstract string PassName { get; }

    protected abstract TimeSpan Interval { get; }

    protected abstract Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken);

    protected abstract Task ServeTenantAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="tenant"/> is served at this tick; a tenant with its own schedule says no until it is due.</summary>
    protected virtual Task<bool> IsDueAsync(string tenant, CancellationToken cancellationToken) => Task.FromResult(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            await ServeDueTenantsAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One pass: every tenant that is due is served, one after the other (the hosted loop runs one per tick).</summary>
    public async Task ServeDueTenantsAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<string> tenants;
        try
        {
            tenants = await ListTenantsAsync(stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "{Pass} could not list its tenants; trying again at the next interval.", PassName);
            return;
        }

        foreach (var tenant in tenants)
        {
            stoppingToken.ThrowIfCancellationRequested();
            try
            {
                if (!await IsDueAsync(tenant, stoppingToken))
                {
                    continue;
                }

                await ServeTenantAsync(tenant, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "{Pass} of {Tenant} failed; the next tenant is served anyway.", PassName, tenant);
            }
        }
    }
}
