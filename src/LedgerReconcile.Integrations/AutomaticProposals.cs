using LedgerReconcile.Application;
using LedgerReconcile.Application.Customers;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerReconcile.Integrations;

/// <summary>
/// After every completed Datto sync and PSA read the tenant is reconciled, so each line whose numbers moved gets its
/// proposal (or loses it) without anyone asking. A reconciliation that fails never undoes the pull it followed.
/// </summary>
public sealed class AutomaticProposals(IServiceScopeFactory scopes, IOptions<LedgerIntegrationOptions> options, ILogger<AutomaticProposals> logger)
{
    /// <summary>The customers whose proposals changed, or null when the reconciliation could not run.</summary>
    public async Task<int?> FollowAsync(string tenant, string correlationId, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var context = new CommandContext(tenant, options.Value.ReconcileActor, correlationId, Guid.CreateVersion7());
            var reconciled = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ReconcileTenant(context), cancellationToken);
            return reconciled.Changed;
        }
        catch (Exception exception)
        {
            // Also on cancellation: the pull it follows is already recorded as complete and must stay so.
            logger.LogError(exception, "Reconciling {Tenant} after a pull failed; the next pull tries again.", tenant);
            return null;
        }
    }
}
