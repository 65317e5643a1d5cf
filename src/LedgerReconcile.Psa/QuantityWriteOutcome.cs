namespace LedgerReconcile.Psa;

/// <summary>What a <see cref="IPsaConnector.SetQuantityAsync"/> call did. Exactly one case applies.</summary>
public abstract record QuantityWriteOutcome(string LineRef)
{
    /// <summary>The write was sent and the PSA now shows <paramref name="Quantity"/> (= the target).</summary>
    public sealed record Applied(string LineRef, decimal Quantity, ApplyEvidence Evidence) : QuantityWriteOutcome(LineRef);

    /// <summary>The PSA already showed the target before anything was sent. Nothing was sent.</summary>
    public sealed record AlreadyApplied(string LineRef, decimal Quantity) : QuantityWriteOutcome(LineRef);

    /// <summary>
    /// The fresh read showed neither the expected current quantity nor the target: a person changed the line.
    /// Nothing more was sent; a person must look.
    /// </summary>
    public sealed record ManualEditDetected(string LineRef, decimal ExpectedCurrent, decimal Target, decimal Observed)
        : QuantityWriteOutcome(LineRef);

    /// <summary>The PSA refused the write (e.g. whole-record validation). Not retried; nothing applied.</summary>
    public sealed record Rejected(string LineRef, PsaRejection Rejection) : QuantityWriteOutcome(LineRef);

    /// <summary>The adapter refused to send (read-only line, a quantity the PSA cannot represent). Nothing sent.</summary>
    public sealed record Refused(string LineRef, string Reason) : QuantityWriteOutcome(LineRef);

    /// <summary>The PSA accepted the write but now shows <paramref name="Observed"/>, not the target. A person must look.</summary>
    public sealed record ReadBackMismatch(string LineRef, decimal Target, decimal Observed) : QuantityWriteOutcome(LineRef);

    /// <summary>Transient failures outlasted the retries, and the PSA is known to show the old quantity. Safe to try later.</summary>
    public sealed record TransientFailure(string LineRef, string Reason) : QuantityWriteOutcome(LineRef);

    /// <summary>
    /// A write was sent and no answer came back, and the PSA could not confirm it either way (or still shows the old
    /// quantity while the request may still be in flight). Do not re-send: call ResolveUnknownOutcomeAsync later.
    /// </summary>
    public sealed record OutcomeUnknown(string LineRef, string Reason) : QuantityWriteOutcome(LineRef);
}

public enum ApplyEvidence
{
    /// <summary>The PSA's answer to the write, or a read right after it, shows the target.</summary>
    ReadBack,

    /// <summary>The answer to the write was lost; a re-read shows the target, so the write was not sent again.</summary>
    ReReadAfterLostResponse,

    /// <summary>The PSA acknowledged the write but the read to verify it failed.</summary>
    AcknowledgedOnly,
}

public sealed record PsaRejection(int? HttpStatus, string Code, string Message, IReadOnlyList<PsaFieldError> Errors);

public sealed record PsaFieldError(string? Field, string? Code, string Message);
