namespace LedgerReconcile.Domain.Webhooks;

public enum DeliveryOutcome
{
    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>The attempt failed; another follows at <c>NextAttemptAt</c>.</summary>
    WillRetry,

    /// <summary>The attempt failed and the retry window is over: the webhook is disabled.</summary>
    GaveUp,
}

/// <summary>
/// The facts of one alert's stream: what happened, to which webhooks it goes, and every delivery attempt. One stream per
/// alert keeps each stream short however long a tenant keeps its webhooks. Stored names live in <see cref="EventRegistry"/>.
/// </summary>
public abstract record AlertEvent
{
    private AlertEvent()
    {
    }

    /// <param name="WebhookIds">The webhooks subscribed to <paramref name="Kind"/> when the alert was raised.</param>
    /// <param name="Data">What receivers get as <c>data</c>: names to values in invariant text (amounts as decimals, times ISO 8601).</param>
    /// <param name="Source">The stored event that caused the alert, or the day of a digest.</param>
    public sealed record AlertRaised(
        string AlertId,
        string Kind,
        IReadOnlyList<string> WebhookIds,
        IReadOnlyDictionary<string, string> Data,
        string Source,
        DateTimeOffset OccurredAt,
        string Actor) : AlertEvent;

    /// <param name="StatusCode">The receiver's HTTP status; null when no response came (refused address, timeout, network).</param>
    public sealed record WebhookDeliveryAttempted(
        string AlertId,
        string WebhookId,
        string Kind,
        int Attempt,
        int? StatusCode,
        string? Error,
        long DurationMs,
        DeliveryOutcome Outcome,
        DateTimeOffset? NextAttemptAt,
        string Actor,
        DateTimeOffset AttemptedAt) : AlertEvent;

    public static DateTimeOffset ValidTime(AlertEvent @event) => @event switch
    {
        AlertRaised e => e.OccurredAt,
        WebhookDeliveryAttempted e => e.AttemptedAt,
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown alert event."),
    };
}
