namespace LedgerReconcile.Psa;

/// <summary>
/// One recurring billed line as a PSA showed it at <see cref="ObservedAt"/>. <see cref="LineRef"/> is stable and
/// opaque to callers: it encodes everything the adapter needs to find the line again.
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
}
