namespace LedgerReconcile.Domain.Webhooks;

/// <summary>
/// The facts of a tenant's webhooks stream. The signing secret never enters an event: it is kept encrypted outside the
/// ledger and the events carry its fingerprint. Stored names live in <see cref="EventRegistry"/>.
/// </summary>
public abstract record WebhookEvent
{
    private WebhookEvent()
    {
    }

    /// <param name="MinimumAmount">Discrepancies with a smaller money impact (or none known) are not sent; null: all are.</param>
    /// <param name="AllowPrivate">An admin allowed a URL on a loopback or private network.</param>
    public sealed record WebhookRegistered(
        string WebhookId,
        string Url,
        IReadOnlyList<string> Kinds,
        decimal? MinimumAmount,
        bool AllowPrivate,
        string SecretFingerprint,
        string Actor,
        DateTimeOffset RegisteredAt) : WebhookEvent;

    public sealed record WebhookChanged(
        string WebhookId,
        string Url,
        IReadOnlyList<string> Kinds,
        decimal? MinimumAmount,
        bool AllowPrivate,
        string Actor,
        DateTimeOffset ChangedAt) : WebhookEvent;

    public sealed record WebhookSecretRotated(string WebhookId, string SecretFingerprint, string Actor, DateTimeOffset RotatedAt) : WebhookEvent;

    /// <summary>Deliveries stop until an admin enables the webhook again; pending alerts wait.</summary>
    public sealed record WebhookDisabled(string WebhookId, string Reason, string Actor, DateTimeOffset DisabledAt) : WebhookEvent;

    public sealed record WebhookEnabled(string WebhookId, string Actor, DateTimeOffset EnabledAt) : WebhookEvent;

    public sealed record WebhookRemoved(string WebhookId, string Actor, DateTimeOffset RemovedAt) : WebhookEvent;

    public static DateTimeOffset ValidTime(WebhookEvent @event) => @event switch
    {
        WebhookRegistered e => e.RegisteredAt,
        WebhookChanged e => e.ChangedAt,
        WebhookSecretRotated e => e.RotatedAt,
        WebhookDisabled e => e.DisabledAt,
        WebhookEnabled e => e.EnabledAt,
        WebhookRemoved e => e.RemovedAt,
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown webhook event."),
    };
}
