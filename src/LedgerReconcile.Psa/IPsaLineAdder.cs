namespace LedgerReconcile.Psa;

/// <summary>
/// Adds a recurring line to an agreement ("new revenue"): a ConnectWise addition, an Autotask contract service with
/// its units, a Halo recurring-invoice line, a Syncro schedule line item. Exactly once per
/// <see cref="NewPsaLine.IdempotencyKey"/>: the key is written into the line as a marker, and the agreement is read
/// before anything is sent, so a retry after a lost answer finds the line instead of adding a second one.
/// Never throws for PSA-side failures; cancellation throws <see cref="OperationCanceledException"/>, after which the
/// caller calls again with the same key.
/// </summary>
public interface IPsaLineAdder
{
    Task<LineAdditionOutcome> AddLineAsync(NewPsaLine line, CancellationToken cancellationToken = default);
}

/// <summary>A line to add. <see cref="ProductId"/> is the PSA's catalog id, as in <see cref="PsaLine.ProductId"/>.</summary>
public sealed record NewPsaLine(
    string CompanyId,
    string AgreementId,
    string ProductId,
    decimal Quantity,
    decimal UnitPrice,
    DateOnly EffectiveDate,
    string IdempotencyKey,
    string? Description = null);

/// <summary>What an <see cref="IPsaLineAdder.AddLineAsync"/> call did. Exactly one case applies.</summary>
public abstract record LineAdditionOutcome
{
    /// <summary>The line was added (now, or by an earlier call whose answer was lost) and reads back as <paramref name="Line"/>.</summary>
    public sealed record Added(PsaLine Line, ApplyEvidence Evidence) : LineAdditionOutcome;

    /// <summary>A line carrying this key's marker was already on the agreement before anything was sent. Nothing was sent.</summary>
    public sealed record AlreadyAdded(PsaLine Line) : LineAdditionOutcome;

    /// <summary>The agreement already has an active line for the product that this key did not create. Nothing was sent: map that line instead.</summary>
    public sealed record ProductAlreadyOnAgreement(PsaLine Line) : LineAdditionOutcome;

    /// <summary>The PSA refused the line (validation, unknown product, agreement type). Not retried.</summary>
    public sealed record Rejected(PsaRejection Rejection) : LineAdditionOutcome;

    /// <summary>The adapter refused to send (a quantity or agreement the PSA cannot take). Nothing sent.</summary>
    public sealed record Refused(string Reason) : LineAdditionOutcome;

    /// <summary>Transient failures outlasted the retries and no line with the key's marker exists. Safe to try later with the same key.</summary>
    public sealed record TransientFailure(string Reason) : LineAdditionOutcome;

    /// <summary>A request was sent without an answer and the line could not be found or confirmed. Do not add by other means:
    /// call again later with the same key, which finds the line if it was created.</summary>
    public sealed record OutcomeUnknown(string Reason) : LineAdditionOutcome;
}
