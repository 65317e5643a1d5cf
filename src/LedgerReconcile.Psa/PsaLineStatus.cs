namespace LedgerReconcile.Psa;

/// <summary>Whether a line bills on the date it was read for. Only <see cref="Active"/> lines count.</summary>
public enum PsaLineStatus
{
    Active,

    /// <summary>Cancelled (ConnectWise cancelledDate reached) or marked inactive (Halo isinactive).</summary>
    Cancelled,

    /// <summary>Its billing ended before the date read for (Autotask units that stop, a ConnectWise cancelledDate in the past month).</summary>
    EndDated,

    /// <summary>Its billing starts after the date read for (ConnectWise effectiveDate, Autotask units starting later).</summary>
    NotStarted,

    /// <summary>The agreement it sits on does not bill (inactive agreement, paused Syncro schedule).</summary>
    AgreementInactive,
}

/// <summary>
/// Whether the PSA invoices a line. ConnectWise's <c>billCustomer</c> is the only such flag among the supported PSAs;
/// the others invoice every recurring line, so their lines are <see cref="Billable"/>.
/// </summary>
public enum PsaBilling
{
    Billable,
    DoNotBill,
    NoCharge,

    /// <summary>The PSA sent a value this adapter does not know; treat as "ask a person".</summary>
    Unrecognised,
}
