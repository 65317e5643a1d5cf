namespace LedgerReconcile.EventStore;

/// <summary>The result of walking the hash chain.</summary>
/// <param name="EventsChecked">How many events were checked.</param>
/// <param name="StreamsChecked">How many distinct streams they belong to.</param>
/// <param name="FirstBrokenLink">The first event whose stored content, hash or place does not hold; null when intact.</param>
public sealed record ChainVerification(long EventsChecked, long StreamsChecked, BrokenLink? FirstBrokenLink)
{
    /// <summary>True when every link holds.</summary>
    public bool IsIntact => FirstBrokenLink is null;
}

/// <summary>Where the chain breaks and why.</summary>
public sealed record BrokenLink(string Stream, long Revision, long Position, Guid EventId, string Reason);
