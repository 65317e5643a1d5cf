using LedgerReconcile.Application;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Webhooks;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Webhooks;
using LedgerReconcile.EventStore;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LedgerReconcile.Integrations.Webhooks;

/// <summary>
/// Follows <c>$all</c> from the beginning (after a failure, from where it stopped): folds webhooks and alerts into the <see cref="AlertBook"/> and turns ledger
/// events into alerts per <see cref="AlertRules"/>. While catching up it only collects; once caught up it raises the
/// alerts that history shows were never raised (a crash between an event and its alert), then raises live ones as
/// they come. Alert ids derive from the causing event, so raising one twice records it once.
/// </summary>
public sealed class AlertSource(IEventStore store, DecodedEventCache decoded, AlertBook book, IServiceScopeFactory scopes, ILogger<AlertSource> logger)
{
    public const string Actor = "system:webhooks";

    private static readonly SubscriptionFilter Filter = SubscriptionFilter.ForEventTypes(
        [.. AlertRules.StoredNames, .. EventRegistry.StoredNames.Where(n => n.StartsWith("webhook.", StringComparison.Ordinal) || n.StartsWith("alert.", StringComparison.Ordinal))]);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var caughtUp = false;
        var waiting = new List<Func<Task>>();
        await foreach (var message in store.SubscribeToAllAsync(book.Position, Filter, cancellationToken))
        {
            switch (message)
            {
                case SubscriptionMessage.Event { Record: var recorded }:
                    var @event = decoded.Decode(recorded);
                    if (@event is WebhookEvent or AlertEvent)
                    {
                        book.Apply(recorded.Metadata.Tenant, @event);
                    }
                    else if (AlertRules.For(recorded.Type) is { } rule && Candidate(recorded, @event, rule) is { } raise)
                    {
                        if (caughtUp)
                        {
                            await raise();
                        }
                        else
                        {
                            waiting.Add(raise);
                        }
                    }

                    book.Advance(recorded.Position);
                    break;
                case SubscriptionMessage.CaughtUp { Position: var position }:
                    if (!caughtUp)
                    {
                        foreach (var raise in waiting)
                        {
                            await raise();
                        }

                        waiting.Clear();
                        caughtUp = true;
                    }

                    book.Advance(position);
                    break;
                case SubscriptionMessage.Checkpoint { Position: var position }:
                    book.Advance(position);
                    break;
            }
        }
    }

    private Func<Task>? Candidate(RecordedEvent recorded, object @event, AlertRule rule)
    {
        var tenant = recorded.Metadata.Tenant;
        book.Count(tenant, recorded.RecordedAt, rule.Kind);
        var subscribers = book.Subscribers(tenant, rule.Kind);
        var alertId = AlertBook.AlertIdFor($"event:{recorded.EventId:N}");
        if (subscribers.Count == 0 || book.WasRaised(alertId))
        {
            return null;
        }

        return async () =>
        {
            if (book.WasRaised(alertId))
            {
                return;
            }

            var source = new AlertSourceEvent(recorded, @event, ct => CustomerAsync(tenant, recorded.Stream, ct));
            var data = await rule.Describe(source, CancellationToken.None);
            var targets = subscribers.Where(w => AlertRules.PassesThreshold(w, rule.Kind, data)).Select(w => w.WebhookId).ToList();
            if (targets.Count > 0)
            {
                await RaiseAsync(tenant, alertId, rule.Kind, targets, data, $"event:{recorded.EventId}", recorded.OccurredAt);
            }
        };
    }

    public async Task RaiseAsync(
        string tenant, string alertId, string kind, IReadOnlyList<string> webhookIds, IReadOnlyDictionary<string, string> data, string source, DateTimeOffset occurredAt)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
                new RaiseAlert(new CommandContext(tenant, Actor, alertId, Guid.CreateVersion7()), alertId, kind, webhookIds, data, source, occurredAt));
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // One alert that cannot be recorded must not stop every other tenant's alerts.
            logger.LogError(error, "Could not raise {Kind} alert {AlertId} for tenant {Tenant}", kind, alertId, tenant);
        }
    }

    private async Task<Domain.Customers.CustomerState> CustomerAsync(string tenant, string stream, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var ledger = scope.ServiceProvider.GetRequiredService<LedgerStore>();
        return (await ledger.LoadAsync(StreamFolds.Customer, tenant, stream, null, null, cancellationToken)).State;
    }
}
