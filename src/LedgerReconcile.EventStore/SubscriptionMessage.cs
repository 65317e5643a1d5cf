namespace LedgerReconcile.EventStore;

/// <summary>What a catch-up subscription delivers.</summary>
public abstract record SubscriptionMessage
{
    private SubscriptionMessage()
    {
    }

    /// <summary>An event, in global order.</summary>
    public sealed record Event(RecordedEvent Record) : SubscriptionMessage;

    /// <summary>The subscription has delivered everything committed so far and now waits for live events.</summary>
    public sealed record CaughtUp(long Position) : SubscriptionMessage;

    /// <summary>
    /// Everything up to <paramref name="Position"/> has been looked at; with a filter, this lets a consumer advance its
    /// checkpoint while nothing matches.
    /// </summary>
    public sealed record Checkpoint(long Position) : SubscriptionMessage;
}

/// <summary>Restricts a subscription to streams with one of the prefixes and/or to some event types.</summary>
/// <param name="StreamPrefixes">Deliver events of streams starting with one of these; empty: every stream.</param>
/// <param name="EventTypes">Deliver only these stored type names; empty: every type.</param>
public sealed record SubscriptionFilter(IReadOnlyList<string> StreamPrefixes, IReadOnlyList<string> EventTypes)
{
    /// <summary>A filter on stream prefixes.</summary>
    public static SubscriptionFilter ForStreamPrefixes(params string[] prefixes) => new(prefixes, []);

    /// <summary>A filter on event types.</summary>
    public static SubscriptionFilter ForEventTypes(params string[] types) => new([], types);

    /// <summary>True when the event passes the filter.</summary>
    public bool Matches(RecordedEvent recorded) =>
        (StreamPrefixes.Count == 0 || StreamPrefixes.Any(p => recorded.Stream.StartsWith(p, StringComparison.Ordinal)))
        && (EventTypes.Count == 0 || EventTypes.Contains(recorded.Type, StringComparer.Ordinal));
}
