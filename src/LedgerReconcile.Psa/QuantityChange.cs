namespace LedgerReconcile.Psa;

/// <summary>
/// An approved change of one line's billed quantity. <see cref="IdempotencyKey"/> identifies the approval in logs and
/// outcomes; none of the PSAs accepts an idempotency key, so safety comes from re-reading, not from the key.
/// </summary>
public sealed record QuantityChange(
    string LineRef,
    decimal ExpectedCurrent,
    decimal NewQuantity,
    string IdempotencyKey,
    DateOnly EffectiveDate);
