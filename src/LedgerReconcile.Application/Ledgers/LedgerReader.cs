using System.Runtime.CompilerServices;
using LedgerReconcile.EventStore;

namespace LedgerReconcile.Application.Ledgers;

/// <summary>
/// Which events of a stream a fold takes: those true by <see cref="ValidAt"/> (OccurredAt), learned by
/// <see cref="KnownAt"/> (RecordedAt) and not past <see cref="ThroughRevision"/>; null means no limit.
/// </summary>
public readonly record struct FoldCut(DateTimeOffset? ValidAt = null, DateTimeOffset? KnownAt = null, long? ThroughRevision = null)
{
    /// <summary>The whole stream as it stands now.</summary>
    public static FoldCut Everything => default;

    /// <summary>The stream from its first event up to and including <paramref name="revision"/>.</summary>
    public static FoldCut Through(long revision) => new(ThroughRevision: revision);

    /// <summary>The events true by <paramref name="validAt"/> that the ledger had learned by <paramref name="knownAt"/>.</summary>
    public static FoldCut AsOf(DateTimeOffset? validAt, DateTimeOffset? knownAt) => new(validAt, knownAt);

    /// <summary>Whether the event was not yet true at <see cref="ValidAt"/> or not yet known at <see cref="KnownAt"/>.</summary>
    public bool Excludes(RecordedEvent recorded) =>
        (ValidAt is { } valid && recorded.OccurredAt > valid) || (KnownAt is { } known && recorded.RecordedAt > known);
}

/// <summary>
/// The one read path of the ledger, shared by commands, queries, projections and workers: every event is checked to
/// belong to the tenant whose stream holds it and decoded once through the shared <see cref="DecodedEventCache"/>,
/// and every stream kind folds with its one <see cref="StreamFold{TState, TEvent}"/>.
/// </summary>
public sealed class LedgerReader(IEventStore store, DecodedEventCache decoded)
{
    /// <summary>Folds the stream's events within <paramref name="cut"/>.</summary>
    /// <returns>The folded state and the revision of the last event read (null: no stream), whether folded or not.</returns>
    public Task<LoadedStream<TState>> LoadAsync<TState, TEvent>(
        StreamFold<TState, TEvent> fold,
        string tenant,
        string stream,
        FoldCut cut,
        CancellationToken cancellationToken)
        where TEvent : class =>
        LoadAsync(fold, tenant, stream, cut, observe: null, cancellationToken);

    /// <summary>
    /// Folds the stream's events within <paramref name="cut"/>, showing each folded event to <paramref name="observe"/>
    /// for what a consumer keeps beside the state.
    /// </summary>
    public async Task<LoadedStream<TState>> LoadAsync<TState, TEvent>(
        StreamFold<TState, TEvent> fold,
        string tenant,
        string stream,
        FoldCut cut,
        Action<RecordedEvent, TEvent>? observe,
        CancellationToken cancellationToken)
        where TEvent : class
    {
        var state = fold.Initial;
        long? revision = null;
        await foreach (var (recorded, @event) in ReadAsync(fold, tenant, stream, cut.ThroughRevision, cancellationToken).ConfigureAwait(false))
        {
            revision = recorded.Revision;
            if (cut.Excludes(recorded))
            {
                continue;
            }

            state = fold.Evolve(state, @event);
            observe?.Invoke(recorded, @event);
        }

        return new LoadedStream<TState>(stream, state, revision);
    }

    /// <summary>The stream's events in order, decoded, up to <paramref name="throughRevision"/> (null: all).</summary>
    public async IAsyncEnumerable<(RecordedEvent Recorded, TEvent Event)> ReadAsync<TState, TEvent>(
        StreamFold<TState, TEvent> fold,
        string tenant,
        string stream,
        long? throughRevision,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TEvent : class
    {
        if (throughRevision < 0)
        {
            yield break;
        }

        var maxCount = throughRevision + 1 ?? long.MaxValue;
        await foreach (var recorded in store.ReadStreamAsync(stream, ReadDirection.Forwards, StreamRevision.Start, maxCount, cancellationToken).ConfigureAwait(false))
        {
            yield return (recorded, Decode(fold, tenant, recorded));
        }
    }

    /// <summary>Decodes an event already in hand (read from <c>$all</c>) that a stream of <paramref name="fold"/>'s kind holds.</summary>
    public TEvent Decode<TState, TEvent>(StreamFold<TState, TEvent> fold, string tenant, RecordedEvent recorded)
        where TEvent : class
    {
        if (recorded.Metadata.Tenant != tenant)
        {
            throw new InvalidOperationException($"Stream '{recorded.Stream}' holds event {recorded.EventId} of another tenant.");
        }

        return (TEvent)decoded.Decode(recorded);
    }
}
