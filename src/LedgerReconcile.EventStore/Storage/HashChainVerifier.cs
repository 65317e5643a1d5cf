namespace LedgerReconcile.EventStore.Storage;

/// <summary>
/// Walks stored rows in global order and checks every link: the hash recomputed from the stored bytes, revisions
/// contiguous within each stream, positions strictly increasing. Keeps only the last hash per stream in memory.
/// </summary>
public static class HashChainVerifier
{
    /// <summary>Verifies the rows; they must come in global position order.</summary>
    /// <param name="rowsInPositionOrder">The rows to check.</param>
    /// <param name="progress">Receives the count of events checked now and then.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    /// <param name="wholeStore">
    /// True when the rows are the whole of <c>$all</c>: positions must then run 1, 2, 3... with no hole, so a deleted
    /// event anywhere but at the very end is reported. (A single stream's positions have holes by nature.)
    /// </param>
    public static async Task<ChainVerification> VerifyAsync(
        IAsyncEnumerable<StoredEventRow> rowsInPositionOrder,
        IProgress<long>? progress,
        CancellationToken cancellationToken,
        bool wholeStore = false)
    {
        using var digest = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var lastHashByStream = new Dictionary<string, (long Revision, byte[] Hash)>(StringComparer.Ordinal);
        long checkedCount = 0;
        long lastPosition = 0;

        await foreach (var row in rowsInPositionOrder.WithCancellation(cancellationToken))
        {
            var broken = wholeStore && row.Position != lastPosition + 1
                ? new BrokenLink(row.Stream, row.Revision, row.Position, row.EventId, $"global position {row.Position} follows {lastPosition}: events are missing")
                : Check(row, lastHashByStream, lastPosition);
            if (broken is not null)
            {
                return new ChainVerification(checkedCount, lastHashByStream.Count, broken) { LastPosition = lastPosition };
            }

            digest.AppendData(row.Hash.Span);

            lastPosition = row.Position;
            lastHashByStream[row.Stream] = (row.Revision, row.Hash.ToArray());
            checkedCount++;
            if (progress is not null && checkedCount % 100_000 == 0)
            {
                progress.Report(checkedCount);
            }
        }

        progress?.Report(checkedCount);
        return new ChainVerification(checkedCount, lastHashByStream.Count, null)
        {
            LastPosition = lastPosition,
            Digest = Convert.ToHexStringLower(digest.GetHashAndReset()),
        };
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
