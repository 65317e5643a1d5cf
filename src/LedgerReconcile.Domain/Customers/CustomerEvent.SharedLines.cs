namespace LedgerReconcile.Domain.Customers;

// Several Datto organizations billed on one PSA line: one proposal, in the line's home stream, for their sum.
public abstract partial record CustomerEvent
{
    /// <summary>
    /// A proposal for a PSA line that several organizations share: <paramref name="To"/> is the line's unit rule
    /// applied to the summed raw amount, <paramref name="Basis"/> describes the sum (its snapshot fields are the home
    /// stream's), and <paramref name="Contributions"/> lists what each organization put on it.
    /// </summary>
    public sealed record QuantityChangeProposedWithContributions(
        Guid ProposalId,
        BillableService Service,
        string? SeatType,
        string PsaLineId,
        decimal From,
        decimal To,
        ProposalBasis Basis,
        IReadOnlyList<OrganizationContribution> Contributions,
        string Actor,
        DateTimeOffset ProposedAt) : CustomerEvent;

    /// <summary>
    /// This stream maps a PSA line that several organizations share, and it is reconciled in
    /// <paramref name="HomeCustomerKey"/>. In the home stream <paramref name="Total"/> is the line's unit rule applied
    /// to the summed amount and <paramref name="Contributions"/> what each organization puts on it; in the other
    /// streams both are empty, since they only need to know that their count is not the line's. Recorded again only
    /// when the home, the total or a contribution changes.
    /// </summary>
    public sealed record PsaLineSharingRecorded(
        string PsaLineId,
        string HomeCustomerKey,
        decimal? Total,
        IReadOnlyList<OrganizationContribution> Contributions,
        string Actor,
        DateTimeOffset RecordedAt) : CustomerEvent;

    /// <summary>The PSA line is no longer shared with other organizations (or no longer mapped here).</summary>
    public sealed record PsaLineSharingEnded(string PsaLineId, string Reason, string Actor, DateTimeOffset EndedAt) : CustomerEvent;

    private static DateTimeOffset SharedLineValidTime(CustomerEvent @event) => @event switch
    {
        QuantityChangeProposedWithContributions e => e.ProposedAt,
        PsaLineSharingRecorded e => e.RecordedAt,
        PsaLineSharingEnded e => e.EndedAt,
        _ => LineAdditionValidTime(@event),
    };
}

/// <summary>What one organization put on a shared PSA line when the proposal was made.</summary>
/// <param name="RawAmount">Its counted items, or bytes for storage.</param>
/// <param name="Units">The raw amount in the line's unit, before rounding, allowance and minimum (which apply to the sum).</param>
public sealed record OrganizationContribution(
    string CustomerKey,
    long? OrganizationId,
    string? OrganizationName,
    BillableService Service,
    string? SeatType,
    string? SnapshotId,
    string? ContentHash,
    decimal RawAmount,
    decimal Units,
    int CountedAssets,
    int IgnoredAssets,
    int AssetsNeedingDecision);
