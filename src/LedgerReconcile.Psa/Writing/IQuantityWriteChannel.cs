namespace LedgerReconcile.Psa.Writing;

/// <summary>What the shared write protocol needs from one adapter.</summary>
internal interface IQuantityWriteChannel<TSnapshot>
{
    PsaKind Kind { get; }

    /// <summary>
    /// True when the write sets an absolute value, so re-sending after a lost answer cannot double-apply it. False
    /// for deltas (Autotask): a write that got no answer is never re-sent by the adapter.
    /// </summary>
    bool WriteIsAbsolute { get; }

    /// <summary>
    /// True when the PSA reports validation failures as server faults (Autotask's 500 with an error array), so a
    /// fault repeated identically on every attempt is treated as a rejection.
    /// </summary>
    bool ServerFaultsMayBeRejections { get; }

    /// <summary>A reason to refuse before any I/O (a quantity the PSA cannot represent), or null.</summary>
    string? RefuseBeforeReading(QuantityChange change);

    Task<TSnapshot> ReadFreshAsync(QuantityChange change, CancellationToken cancellationToken);

    PsaLine LineOf(TSnapshot snapshot);

    Task<WriteAttempt> SendAsync(TSnapshot current, QuantityChange change, CancellationToken cancellationToken);
}
