namespace LedgerReconcile.EventStore;

/// <summary>The result of walking the hash chain.</summary>
/// <param name="EventsChecked">How many events were checked.</param>
/// <param name="StreamsChecked">How many distinct streams they belong to.</param>
/// <param name="FirstBrokenLink">The first event whose stored content, hash or place does not hold; null when intact.</param>
public sealed record ChainVerification(long EventsChecked, long StreamsChecked, BrokenLink? FirstBrokenLink)
{
    /// <summary>The global position of the last event checked (0 when nothing was checked).</summary>
    public long LastPosition { get; init; }

    /// <summary>
    /// SHA-256 over every checked event's hash in global order (hex). Only a chain can say that nothing after its last
    /// event was cut off: an auditor who records this digest with the last position (e.g. at a period close) can later
    /// check that the ledger up to that position still yields the same digest.
    /// </summary>
    public string Digest { get; init; } = "";

    /// <summary>True when every link holds.</summary>
    public bool IsIntact => FirstBrokenLink is null;
}

/// <summary>Where the chain breaks and why.</summary>
public sealed record BrokenLink(string Stream, long Revision, long Position, Guid EventId, string Reason);
