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
