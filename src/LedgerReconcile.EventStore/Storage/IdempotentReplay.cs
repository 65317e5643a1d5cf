namespace LedgerReconcile.EventStore.Storage;

/// <summary>Where an event id of a batch is already stored.</summary>
public readonly record struct StoredEventPlace(Guid EventId, string Stream, long Revision, long Position);

/// <summary>
/// Decides whether a batch whose ids are (partly) stored already is a faithful repeat. Unlike EventStoreDB, whose
/// de-duplication only covers a short window, this holds forever: the ids are unique in the store.
/// </summary>
public static class IdempotentReplay
{
    /// <summary>
    /// Returns null when none of the batch is stored (append it), the original result when the whole batch is stored
    /// as this same batch, and throws otherwise.
    /// </summary>
    /// <param name="stream">The stream of the new append.</param>
    /// <param name="expected">The expectation of the new append.</param>
    /// <param name="batch">The new append's events.</param>
    /// <param name="stored">The places of those ids that are already stored.</param>
    /// <param name="currentRevision">The stream's current revision, for the conflict's content.</param>
    public static AppendResult? Resolve(
        string stream,
        ExpectedRevision expected,
        IReadOnlyList<EventData> batch,
        IReadOnlyCollection<StoredEventPlace> stored,
        long? currentRevision)
    {
        if (stored.Count == 0)
        {
            return null;
        }

        if (stored.Count != batch.Count)
        {
            throw new IdempotencyViolationException(stream, $"{stored.Count} of the {batch.Count} event ids are already stored");
        }

        var byId = stored.ToDictionary(s => s.EventId);
        var first = byId[batch[0].EventId];
        for (var i = 0; i < batch.Count; i++)
        {
            var place = byId[batch[i].EventId];
            if (place.Stream != stream)
            {
                throw new IdempotencyViolationException(stream, $"event {place.EventId} is stored in stream '{place.Stream}'");
            }

            if (place.Revision != first.Revision + i)
            {
                throw new IdempotencyViolationException(stream, "the stored events are not this batch in this order");
            }
        }

        var expectationHeldOriginally =
            expected == ExpectedRevision.Any
            || (expected == ExpectedRevision.StreamExists && first.Revision > 0)
            || expected.Value == first.Revision - 1;

        if (!expectationHeldOriginally)
        {
            throw new WrongExpectedRevisionException(stream, expected, currentRevision);
        }

        var last = byId[batch[^1].EventId];
        return new AppendResult(last.Revision, last.Position);
    }
}
