using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Webhooks;

namespace LedgerReconcile.Application.Webhooks;

/// <summary>Reads and writes a tenant's webhooks stream; a webhook the tenant does not have is a 404, never someone else's.</summary>
public sealed class WebhookLedger(LedgerStore store)
{
    public static StreamFold<WebhookState, WebhookEvent> Fold { get; } = new(WebhookState.Initial, WebhookState.Evolve, WebhookEvent.ValidTime);

    public Task<LoadedStream<WebhookState>> LoadAsync(string tenant, CancellationToken cancellationToken) =>
        store.LoadAsync(Fold, tenant, StreamNames.Webhooks(tenant), null, null, cancellationToken);

    public ValueTask<CommandResult> DecideAsync(ILedgerCommand command, Func<DateTimeOffset, WebhookCommand> toDomain, CancellationToken cancellationToken) =>
        store.DecideAsync(
            Fold,
            command,
            StreamNames.Webhooks(command.Context.Tenant),
            (state, now) =>
            {
                var domain = toDomain(now);
                return domain is WebhookCommand.RegisterWebhook || state.Webhooks.ContainsKey(domain.Target)
                    ? WebhookDecider.Decide(domain, state)
                    : throw new ResourceNotFoundException($"Tenant '{command.Context.Tenant}' has no webhook '{domain.Target}'.");
            },
            cancellationToken);

    /// <summary>Throws not-found unless the tenant has the webhook (before a secret is made for it).</summary>
    public async Task<Webhook> FindAsync(string tenant, string webhookId, CancellationToken cancellationToken) =>
        (await LoadAsync(tenant, cancellationToken)).State.Webhooks.GetValueOrDefault(webhookId)
        ?? throw new ResourceNotFoundException($"Tenant '{tenant}' has no webhook '{webhookId}'.");
}

/// <summary>Reads and writes one alert's stream.</summary>
public sealed class AlertLedger(LedgerStore store)
{
    public static StreamFold<AlertState, AlertEvent> Fold { get; } = new(AlertState.Initial, AlertState.Evolve, AlertEvent.ValidTime);

    public Task<LoadedStream<AlertState>> LoadAsync(string tenant, string alertId, CancellationToken cancellationToken) =>
        store.LoadAsync(Fold, tenant, StreamNames.Alert(tenant, alertId), null, null, cancellationToken);

    public ValueTask<CommandResult> DecideAsync(ILedgerCommand command, string alertId, AlertCommand domain, CancellationToken cancellationToken) =>
        store.DecideAsync(Fold, command, StreamNames.Alert(command.Context.Tenant, alertId), (state, _) => AlertDecider.Decide(domain, state), cancellationToken);
}
