using LedgerReconcile.Application.Webhooks;
using LedgerReconcile.Domain.Webhooks;
using LedgerReconcile.Projections.Billing;

namespace LedgerReconcile.Api.Endpoints;

/// <summary>What an admin sends to register or change a webhook.</summary>
/// <param name="MinimumAmount">Discrepancy alerts below this money impact (or without a known price) are not sent; null sends all.</param>
/// <param name="AllowPrivate">Allow a URL on a loopback or private network (a receiver inside the tenant's own network).</param>
public sealed record WebhookRequest(string? Url, IReadOnlyList<string>? Kinds, decimal? MinimumAmount, bool? AllowPrivate);

/// <summary>A webhook as listed; the secret is never shown again, only its fingerprint.</summary>
public sealed record WebhookView(
    string WebhookId,
    string Url,
    IReadOnlyList<string> Kinds,
    decimal? MinimumAmount,
    bool AllowPrivate,
    string SecretFingerprint,
    DateTimeOffset RegisteredAt,
    bool Enabled,
    string? DisabledReason,
    DateTimeOffset? DisabledAt)
{
    public static WebhookView From(Webhook w) =>
        new(w.WebhookId, w.Url, w.Kinds, w.MinimumAmount, w.AllowPrivate, w.SecretFingerprint, w.RegisteredAt, w.Enabled, w.DisabledReason, w.DisabledAt);
}

public sealed record WebhookListView(string Tenant, IReadOnlyList<string> Kinds, IReadOnlyList<WebhookView> Webhooks);

/// <summary>The answer to registering a webhook or rotating its secret: the secret, shown this once.</summary>
public sealed record WebhookSecretView(string WebhookId, string Secret, CommandAccepted Result);

public sealed record DeliveryLogView(string WebhookId, IReadOnlyList<DeliveryLogLine> Attempts, long? Next);

/// <param name="Position">The cursor: pass the last one seen as <c>after</c> for the next page.</param>
public sealed record DeliveryLogLine(
    long Position,
    string AlertId,
    string Kind,
    int Attempt,
    DateTimeOffset AttemptedAt,
    int? StatusCode,
    string? Error,
    long DurationMs,
    DeliveryOutcome Outcome,
    DateTimeOffset? NextAttemptAt);

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
