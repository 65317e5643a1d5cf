using System.Collections.Immutable;
using static LedgerReconcile.Domain.Webhooks.WebhookEvent;

namespace LedgerReconcile.Domain.Webhooks;

/// <param name="DisabledReason">Why deliveries stopped; null while the webhook is enabled.</param>
public sealed record Webhook(
    string WebhookId,
    string Url,
    IReadOnlyList<string> Kinds,
    decimal? MinimumAmount,
    bool AllowPrivate,
    string SecretFingerprint,
    DateTimeOffset RegisteredAt,
    string? DisabledReason,
    DateTimeOffset? DisabledAt)
{
    public bool Enabled => DisabledReason is null;

    public bool Subscribes(string kind) => Kinds.Contains(kind, StringComparer.Ordinal);
}

/// <summary>A tenant's webhooks folded: the ones not removed, by id.</summary>
public sealed record WebhookState(ImmutableSortedDictionary<string, Webhook> Webhooks)
{
    public const int MaxWebhooks = 20;

    public static WebhookState Initial { get; } = new(ImmutableSortedDictionary<string, Webhook>.Empty.WithComparers(StringComparer.Ordinal));

    public static WebhookState Fold(IEnumerable<WebhookEvent> events) => events.Aggregate(Initial, Evolve);

    public static WebhookState Evolve(WebhookState state, WebhookEvent @event) => @event switch
    {
        WebhookRegistered e => state.Put(new Webhook(e.WebhookId, e.Url, e.Kinds, e.MinimumAmount, e.AllowPrivate, e.SecretFingerprint, e.RegisteredAt, null, null)),
        WebhookChanged e => state.Change(e.WebhookId, w => w with { Url = e.Url, Kinds = e.Kinds, MinimumAmount = e.MinimumAmount, AllowPrivate = e.AllowPrivate }),
        WebhookSecretRotated e => state.Change(e.WebhookId, w => w with { SecretFingerprint = e.SecretFingerprint }),
        WebhookDisabled e => state.Change(e.WebhookId, w => w with { DisabledReason = e.Reason, DisabledAt = e.DisabledAt }),
        WebhookEnabled e => state.Change(e.WebhookId, w => w with { DisabledReason = null, DisabledAt = null }),
        WebhookRemoved e => state with { Webhooks = state.Webhooks.Remove(e.WebhookId) },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown webhook event."),
    };

    private WebhookState Put(Webhook webhook) => this with { Webhooks = Webhooks.SetItem(webhook.WebhookId, webhook) };

    private WebhookState Change(string webhookId, Func<Webhook, Webhook> change) =>
        Webhooks.TryGetValue(webhookId, out var webhook) ? Put(change(webhook)) : this;
}
