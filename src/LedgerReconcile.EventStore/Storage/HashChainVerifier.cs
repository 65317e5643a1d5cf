namespace LedgerReconcile.EventStore.Storage;

/// <summary>
/// Walks stored rows in global order and checks every link: the hash recomputed from the stored bytes, revisions
/// contiguous within each stream, positions strictly increasing. Keeps only the last hash per stream in memory.
/// </summary>
public static class HashChainVerifier
{
    /// <summary>Verifies the rows; they must come in global position order.</summary>
    public static async Task<ChainVerification> VerifyAsync(
        IAsyncEnumerable<StoredEventRow> rowsInPositionOrder,
        IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        var lastHashByStream = new Dictionary<string, (long Revision, byte[] Hash)>(StringComparer.Ordinal);
        long checkedCount = 0;
        long lastPosition = 0;

        await foreach (var row in rowsInPositionOrder.WithCancellation(cancellationToken))
        {
            var broken = Check(row, lastHashByStream, lastPosition);
            if (broken is not null)
            {
                return new ChainVerification(checkedCount, lastHashByStream.Count, broken);
            }

            lastPosition = row.Position;
            lastHashByStream[row.Stream] = (row.Revision, row.Hash.ToArray());
            checkedCount++;
            if (progress is not null && checkedCount % 100_000 == 0)
            {
                progress.Report(checkedCount);
            }
        }

        progress?.Report(checkedCount);
        return new ChainVerification(checkedCount, lastHashByStream.Count, null);
    }

    private static BrokenLink? Check(
        StoredEventRow row,
        Dictionary<string, (long Revision, byte[] Hash)> lastHashByStream,
        long lastPosition)
    {
        BrokenLink Broken(string reason) => new(row.Stream, row.Revision, row.Position, row.EventId, reason);

        if (row.Position <= lastPosition)
        {
            return Broken($"global position {row.Position} does not follow {lastPosition}");
        }

        var hasPrevious = lastHashByStream.TryGetValue(row.Stream, out var previous);
        var expectedRevision = hasPrevious ? previous.Revision + 1 : 0;
        if (row.Revision != expectedRevision)
        {
            return Broken($"revision {row.Revision} where {expectedRevision} was expected");
        }

        var recomputed = EventHash.Compute(
            hasPrevious ? previous.Hash : EventHash.Genesis,
            row.EventId,
            row.Stream,
            row.Revision,
            row.Position,
            row.Type,
            row.Data.Span,
            row.MetadataJson.Span,
            row.RecordedAtMicroseconds,
            row.OccurredAtMicroseconds);

        return recomputed.AsSpan().SequenceEqual(row.Hash.Span)
            ? null
            : Broken("stored hash does not match the event's content and its predecessor's hash");
    }
}
