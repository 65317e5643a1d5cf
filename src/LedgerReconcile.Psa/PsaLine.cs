namespace LedgerReconcile.Psa;

/// <summary>
/// One recurring billed line as a PSA showed it at <see cref="ObservedAt"/>. <see cref="LineRef"/> is stable and
/// opaque to callers: it encodes everything the adapter needs to find the line again. The init-only properties are
/// what the directory reads add; a PSA that does not say leaves them at their defaults (null, Billable, Active).
/// </summary>
public sealed record PsaLine(
    string LineRef,
    PsaKind Psa,
    string CompanyId,
    string AgreementId,
    string AgreementName,
    string ProductCode,
    string Description,
    decimal Quantity,
    decimal UnitPrice,
    string? ReadOnlyReason,
    DateTimeOffset ObservedAt)
{
    public bool IsWritable => ReadOnlyReason is null;

    /// <summary>The PSA's catalog/product/service/item id (what <see cref="IPsaLineAdder.AddLineAsync"/> takes).</summary>
    public string? ProductId { get; init; }

    public PsaBilling Billing { get; init; } = PsaBilling.Billable;

    public PsaLineStatus Status { get; init; } = PsaLineStatus.Active;

    /// <summary>The date the line stops (or stopped) billing, when the PSA gives one.</summary>
    public DateOnly? EndDate { get; init; }

    /// <summary>Who last changed the line, when the PSA says (ConnectWise <c>_info.updatedBy</c>).</summary>
    public string? LastUpdatedBy { get; init; }

    public DateTimeOffset? LastUpdatedAt { get; init; }

    /// <summary>The text of the field where an adapter keeps the marker of the idempotency key a line was added under.</summary>
    internal string? AdditionMarker { get; init; }

    /// <summary>Active on an active agreement and billed: the line's quantity is one the customer pays for.</summary>
    public bool Counts => Status == PsaLineStatus.Active && Billing == PsaBilling.Billable;
}
