using LedgerReconcile.Application.Webhooks;
using LedgerReconcile.Domain.Webhooks;
using LedgerReconcile.Projections.Billing;
using LedgerReconcile.Projections.Webhooks;

namespace LedgerReconcile.Api.Endpoints;

/// <summary>What an admin sends to register or change a webhook.</summary>
/// <param name="MinimumAmount">Discrepancy alerts below this money impact (or without a known price) are not sent; null sends all.</param>
/// <param name="AllowPrivate">Allow a URL on a loopback or private network (a receiver inside the tenant's own network).</param>
public sealed record WebhookRequest(string? Url, IReadOnlyList<string>? Kinds, decimal? MinimumAmount, bool? AllowPrivate);

/// <summary>The tenant's webhooks (the secret is never shown again, only its fingerprint) and the kinds one can subscribe to.</summary>
public sealed record WebhookListView(string Tenant, IReadOnlyList<string> Kinds, IReadOnlyList<Webhook> Webhooks);

/// <summary>The answer to registering a webhook or rotating its secret: the secret, shown this once.</summary>
public sealed record WebhookSecretView(string WebhookId, string Secret, CommandAccepted Result);

public sealed record DeliveryLogView(string WebhookId, IReadOnlyList<DeliveryLogLine> Attempts, long? Next);

/// <param name="Position">The cursor: pass the last one seen as <c>after</c> for the next page.</param>
public sealed record DeliveryLogLine(long Position, DeliveryLogEntry Attempt);

public static class WebhookViews
{
    public static IEnumerable<AttentionItem> AttentionItems(WebhookList list) =>
        list.Webhooks.Where(w => !w.Enabled).Select(w => new AttentionItem(
            "",
            "",
            AttentionKind.WebhookDisabled,
            $"Webhook {w.WebhookId} ({w.Url}) is disabled: {w.DisabledReason} Alerts wait until an admin fixes the receiver and enables it.",
            w.DisabledAt ?? w.RegisteredAt,
            null,
            null));
}
