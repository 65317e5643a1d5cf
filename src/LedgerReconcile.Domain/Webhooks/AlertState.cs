using System.Collections.Immutable;
using static LedgerReconcile.Domain.Webhooks.AlertEvent;

namespace LedgerReconcile.Domain.Webhooks;

/// <param name="Attempts">Attempts made so far.</param>
/// <param name="FirstAttemptAt">When the first attempt was made; the retry window counts from here.</param>
/// <param name="Outcome">The last attempt's outcome; null before the first.</param>
public sealed record DeliveryProgress(int Attempts, DateTimeOffset? FirstAttemptAt, DeliveryOutcome? Outcome, DateTimeOffset? NextAttemptAt)
{
    public static DeliveryProgress None { get; } = new(0, null, null, null);

    public bool Finished => Outcome is DeliveryOutcome.Delivered or DeliveryOutcome.GaveUp;
}

/// <summary>One alert folded: what it says and, per webhook, how far its delivery got.</summary>
public sealed record AlertState(AlertRaised? Raised, ImmutableSortedDictionary<string, DeliveryProgress> Deliveries)
{
    public static AlertState Initial { get; } = new(null, ImmutableSortedDictionary<string, DeliveryProgress>.Empty.WithComparers(StringComparer.Ordinal));

    public static AlertState Fold(IEnumerable<AlertEvent> events) => events.Aggregate(Initial, Evolve);

    public static AlertState Evolve(AlertState state, AlertEvent @event) => @event switch
    {
        AlertRaised e => new AlertState(e, e.WebhookIds.ToImmutableSortedDictionary(id => id, _ => DeliveryProgress.None, StringComparer.Ordinal)),
        WebhookDeliveryAttempted e => state with
        {
            Deliveries = state.Deliveries.SetItem(
                e.WebhookId,
                new DeliveryProgress(e.Attempt, state.Deliveries.GetValueOrDefault(e.WebhookId)?.FirstAttemptAt ?? e.AttemptedAt, e.Outcome, e.NextAttemptAt)),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown alert event."),
    };
}
