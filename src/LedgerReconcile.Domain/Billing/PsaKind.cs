namespace LedgerReconcile.Domain.Billing;

/// <summary>The PSAs a customer's account can be mapped to. Stored in events by name: never rename a member.</summary>
public enum PsaKind
{
    ConnectWise,
    Autotask,
    HaloPsa,
    Syncro,
    KaseyaBms,
}

/// <summary>How a PSA accepts a new quantity.</summary>
public enum PsaWriteStyle
{
    /// <summary>The new quantity is sent as is; replaying it is harmless.</summary>
    Absolute,

    /// <summary>A change relative to the current units (Autotask adjustments); a blind replay double-bills.</summary>
    Delta,
}

/// <summary>What each PSA accepts in a quantity write; the decider, the write-back and the adapters all ask here.</summary>
public static class PsaKindRules
{
    // Autotask changes a count only through a ContractServiceAdjustment: a signed delta of whole units.
    public static PsaWriteStyle WriteStyle(this PsaKind kind) => kind == PsaKind.Autotask ? PsaWriteStyle.Delta : PsaWriteStyle.Absolute;

    public static bool WholeUnitsOnly(this PsaKind kind) => kind == PsaKind.Autotask;

    // Autotask adjustments usually start on the 1st of the next month; the other PSAs apply a change at once.
    public static DateOnly EffectiveDate(this PsaKind kind, DateOnly today) =>
        kind == PsaKind.Autotask ? BillingMonth.FirstOfNext(today) : today;
}
