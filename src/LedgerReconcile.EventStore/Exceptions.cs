namespace LedgerReconcile.EventStore;

/// <summary>The stream was not at the expected revision; nothing was appended.</summary>
public sealed class WrongExpectedRevisionException(string stream, ExpectedRevision expected, long? actual)
    : Exception($"Stream '{stream}' was expected at {expected} but is at {(actual is { } a ? a.ToString(System.Globalization.CultureInfo.InvariantCulture) : "NoStream")}.")
{
    /// <summary>The stream written to.</summary>
    public string Stream { get; } = stream;

    /// <summary>What the writer expected.</summary>
    public ExpectedRevision Expected { get; } = expected;

    /// <summary>The stream's actual last revision, or null when it does not exist.</summary>
    public long? ActualRevision { get; } = actual;
}

/// <summary>
/// Some, but not all, of a batch's event ids are already stored (or stored in another order or stream):
/// the batch is neither new nor a repeat, so it is refused whole.
/// </summary>
public sealed class IdempotencyViolationException(string stream, string reason)
    : Exception($"Append to stream '{stream}' partially overlaps events already stored: {reason}.")
{
    /// <summary>The stream written to.</summary>
    public string Stream { get; } = stream;
}

/// <summary>An append the store refuses before looking at the stream: empty batch, bad name, duplicate ids.</summary>
public sealed class InvalidAppendException(string message) : Exception(message);

/// <summary>
/// A stored event whose envelope (metadata, timestamps) cannot be decoded: the row was changed outside the store.
/// Names the event so a person can find it; <c>verify</c> reports the same event as the broken link.
/// </summary>
public sealed class CorruptStoredEventException(string stream, long position, Guid eventId, string reason, Exception? inner = null)
    : Exception($"Event {eventId} at position {position.ToString(System.Globalization.CultureInfo.InvariantCulture)} in stream '{stream}' " +
                $"cannot be read ({reason}): the stored row was changed outside the ledger. Run verify to see where the chain breaks.", inner)
{
    /// <summary>The stream the row names (as stored).</summary>
    public string Stream { get; } = stream;

    /// <summary>The row's global position.</summary>
    public long Position { get; } = position;

    /// <summary>The row's event id.</summary>
    public Guid EventId { get; } = eventId;
}
