namespace LedgerReconcile.Psa;

/// <summary>
/// The port through which LedgerReconcile reads recurring billed lines from an MSP's PSA and writes an approved
/// quantity back. Every adapter guarantees: a write is preceded by a fresh read; a line whose quantity is neither
/// the expected current value nor the target is never written (a person edited it); a request whose effect is
/// unknown is never re-sent blindly; every call ends in a typed outcome that says what the PSA now shows.
/// It is also the PSA's <see cref="Directory.IPsaDirectory"/> (companies, agreements, every line with its status) and
/// its <see cref="IPsaLineAdder"/> (new revenue), so a tenant's one connector serves the read sync, the mapping
/// assistant and write-back alike.
/// </summary>
public interface IPsaConnector : Directory.IPsaDirectory, IPsaLineAdder
{
    /// <summary>
    /// Lists the company's recurring billed lines as the PSA shows them for <paramref name="asOf"/>: the active lines
    /// of its active agreements (of the types the adapter bills through), each with what the directory reads add.
    /// <paramref name="companyId"/> is the PSA's own company/client id.
    /// </summary>
    /// <exception cref="PsaException">The PSA could not be read (after retries for transient faults).</exception>
    Task<IReadOnlyList<PsaLine>> ListRecurringLinesAsync(string companyId, DateOnly asOf, CancellationToken cancellationToken = default);

    /// <summary>Reads one line fresh from the PSA, bypassing nothing and caching nothing.</summary>
    /// <exception cref="PsaException">The line is gone or the PSA could not be read.</exception>
    Task<PsaLine> ReadLineAsync(string lineRef, DateOnly asOf, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets a line's quantity from <see cref="QuantityChange.ExpectedCurrent"/> to <see cref="QuantityChange.NewQuantity"/>.
    /// Never throws for PSA-side failures: the outcome says what happened. Cancellation through
    /// <paramref name="cancellationToken"/> throws <see cref="OperationCanceledException"/>; the caller must then treat
    /// the write as unknown and call <see cref="ResolveUnknownOutcomeAsync"/>.
    /// </summary>
    Task<QuantityWriteOutcome> SetQuantityAsync(QuantityChange change, CancellationToken cancellationToken = default);

    /// <summary>
    /// Finds out, by reading the line only, whether an earlier write from <paramref name="from"/> to
    /// <paramref name="to"/> took effect (after a crash, a cancellation or an <see cref="QuantityWriteOutcome.OutcomeUnknown"/>).
    /// Sends nothing to the PSA but reads.
    /// </summary>
    /// <exception cref="PsaException">The line could not be read.</exception>
    Task<UnknownOutcomeResolution> ResolveUnknownOutcomeAsync(
        string lineRef, decimal from, decimal to, DateOnly effectiveDate, CancellationToken cancellationToken = default);
}
