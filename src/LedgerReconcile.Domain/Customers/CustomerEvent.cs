using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Domain.Customers;

/// <summary>The facts of one customer's ledger. Stored names live in <see cref="EventRegistry"/>.</summary>
public abstract partial record CustomerEvent
{
    private CustomerEvent()
    {
    }

    // Datto usage
    public sealed record UsageSnapshotRecorded(
        string SnapshotId,
        string? SyncRunId,
        DateTimeOffset ObservedAt,
        string ContentHash,
        UsageContent Content,
        IReadOnlyList<SyncWarning> Warnings,
        string Actor) : CustomerEvent;

    /// <summary>Evidence that a sync saw exactly the content of <paramref name="SameContentAs"/> again.</summary>
    public sealed record UsageObservedUnchanged(
        string SnapshotId,
        string? SyncRunId,
        DateTimeOffset ObservedAt,
        string ContentHash,
        string SameContentAs,
        IReadOnlyList<SyncWarning> Warnings,
        string Actor) : CustomerEvent;

    // Account mapping and drift
    public sealed record AccountMapped(
        long? OrganizationId,
        string DattoOrganizationName,
        PsaKind PsaKind,
        string PsaCompanyId,
        string PsaCompanyName,
        string AgreementId,
        DateTimeOffset EffectiveFrom,
        string Actor,
        DateTimeOffset MappedAt) : CustomerEvent;

    public sealed record AccountUnmapped(
        PsaKind PsaKind,
        string PsaCompanyId,
        string AgreementId,
        string Reason,
        DateTimeOffset EffectiveFrom,
        string Actor,
        DateTimeOffset UnmappedAt) : CustomerEvent;

    public sealed record DattoOrganizationRenamed(
        string DriftId,
        string From,
        string To,
        DateTimeOffset ObservedAt,
        string Actor) : CustomerEvent;

    public sealed record PsaCompanyRenamed(
        string DriftId,
        string PsaCompanyId,
        string From,
        string To,
        DateTimeOffset ObservedAt,
        string Actor) : CustomerEvent;

    public sealed record DriftAcknowledged(string DriftId, string Note, string Actor, DateTimeOffset AcknowledgedAt) : CustomerEvent;

    // Service mapping
    public sealed record ServiceMapped(
        BillableService Service,
        string? SeatType,
        string PsaLineId,
        UnitRuleTerms UnitRule,
        Money? UnitPrice,
        DateTimeOffset EffectiveFrom,
        string Actor,
        DateTimeOffset MappedAt) : CustomerEvent;

    public sealed record ServiceUnmapped(
        BillableService Service,
        string? SeatType,
        string PsaLineId,
        string Reason,
        DateTimeOffset EffectiveFrom,
        string Actor,
        DateTimeOffset UnmappedAt) : CustomerEvent;

    // Decisions on single assets
    public sealed record AssetIgnored(AssetRef Asset, string Reason, string Actor, DateTimeOffset DecidedAt) : CustomerEvent;

    public sealed record IgnoreRevoked(AssetRef Asset, string Reason, string Actor, DateTimeOffset RevokedAt) : CustomerEvent;

    /// <summary>A person chose to count an asset that a policy leaves undecided or excludes (a NAS share, an expired device).</summary>
    public sealed record AssetIncluded(AssetRef Asset, string Reason, string Actor, DateTimeOffset DecidedAt) : CustomerEvent;

    public sealed record InclusionRevoked(AssetRef Asset, string Reason, string Actor, DateTimeOffset RevokedAt) : CustomerEvent;

    // Counting policies overridden for this customer
    public sealed record CustomerCountingPolicySet(
        CountingPolicyKind Policy,
        CountingChoice Choice,
        string Reason,
        DateTimeOffset EffectiveFrom,
        string Actor,
        DateTimeOffset DecidedAt) : CustomerEvent;

    public sealed record CustomerCountingPolicyCleared(
        CountingPolicyKind Policy,
        string Reason,
        DateTimeOffset EffectiveFrom,
        string Actor,
        DateTimeOffset DecidedAt) : CustomerEvent;

    // PSA side
    public sealed record PsaQuantityObserved(string PsaLineId, decimal Quantity, DateTimeOffset ObservedAt, string Actor) : CustomerEvent;

    public sealed record QuantityChangeProposed(
        Guid ProposalId,
        BillableService Service,
        string? SeatType,
        string PsaLineId,
        decimal From,
        decimal To,
        ProposalBasis Basis,
        string Actor,
        DateTimeOffset ProposedAt) : CustomerEvent;

    public sealed record QuantityChangeWithdrawn(Guid ProposalId, string Reason, string Actor, DateTimeOffset WithdrawnAt) : CustomerEvent;

    public sealed record QuantityChangeApproved(Guid ProposalId, string? Note, string Actor, DateTimeOffset ApprovedAt) : CustomerEvent;

    /// <summary>
    /// The tenant's auto-approval rule in force covered this change, so no person was asked. The rule is copied in, so
    /// the audit shows the limits that applied even after the tenant changes them.
    /// </summary>
    public sealed record QuantityChangeAutoApproved(
        Guid ProposalId,
        AutoApprovalTerms Rule,
        decimal From,
        decimal To,
        string Actor,
        DateTimeOffset ApprovedAt) : CustomerEvent
    {
        /// <summary>Who a write request names as approver when no person approved.</summary>
        public const string Approver = "auto-approval policy";
    }

    public sealed record QuantityChangeRejected(Guid ProposalId, string Reason, string Actor, DateTimeOffset RejectedAt) : CustomerEvent;

    /// <summary>Recorded before anything is sent, so that after a crash the outcome is looked up rather than re-sent.</summary>
    public sealed record PsaWriteRequested(
        Guid WriteId,
        string IdempotencyKey,
        Guid ProposalId,
        string PsaLineId,
        PsaKind PsaKind,
        PsaWriteStyle Style,
        decimal From,
        decimal To,
        DateOnly? EffectiveDate,
        string ApprovedBy,
        string Actor,
        DateTimeOffset RequestedAt) : CustomerEvent;

    public sealed record PsaWriteConfirmed(Guid WriteId, string PsaLineId, decimal QuantityAfter, string Actor, DateTimeOffset ConfirmedAt) : CustomerEvent;

    public sealed record PsaWriteFailed(Guid WriteId, string PsaLineId, string Error, string Actor, DateTimeOffset FailedAt) : CustomerEvent;

    /// <summary>The PSA line no longer showed the quantity the proposal started from: someone edited it by hand.</summary>
    public sealed record PsaWriteConflictDetected(
        Guid ProposalId,
        string PsaLineId,
        decimal ExpectedQuantity,
        decimal FoundQuantity,
        string Actor,
        DateTimeOffset DetectedAt) : CustomerEvent;

    // Closing the books
    public sealed record BillingPeriodClosed(
        string PeriodId,
        DateOnly PeriodStart,
        DateOnly PeriodEnd,
        IReadOnlyList<InvoicedQuantity> Lines,
        string Actor,
        DateTimeOffset ClosedAt) : CustomerEvent;

    public sealed record BillingPeriodAdjusted(
        string PeriodId,
        BillableService Service,
        string? SeatType,
        string PsaLineId,
        decimal From,
        decimal To,
        string Cause,
        string Actor,
        DateTimeOffset AdjustedAt) : CustomerEvent;

    /// <summary>
    /// Valid time: when the fact was true in the world. Observations are true when observed; decisions from when they
    /// take effect.
    /// </summary>
    public static DateTimeOffset ValidTime(CustomerEvent @event) => @event switch
    {
        UsageSnapshotRecorded e => e.ObservedAt,
        UsageObservedUnchanged e => e.ObservedAt,
        AccountMapped e => e.EffectiveFrom,
        AccountUnmapped e => e.EffectiveFrom,
        DattoOrganizationRenamed e => e.ObservedAt,
        PsaCompanyRenamed e => e.ObservedAt,
        DriftAcknowledged e => e.AcknowledgedAt,
        ServiceMapped e => e.EffectiveFrom,
        ServiceUnmapped e => e.EffectiveFrom,
        AssetIgnored e => e.DecidedAt,
        IgnoreRevoked e => e.RevokedAt,
        AssetIncluded e => e.DecidedAt,
        InclusionRevoked e => e.RevokedAt,
        CustomerCountingPolicySet e => e.EffectiveFrom,
        CustomerCountingPolicyCleared e => e.EffectiveFrom,
        PsaQuantityObserved e => e.ObservedAt,
        QuantityChangeProposed e => e.ProposedAt,
        QuantityChangeWithdrawn e => e.WithdrawnAt,
        QuantityChangeApproved e => e.ApprovedAt,
        QuantityChangeAutoApproved e => e.ApprovedAt,
        QuantityChangeRejected e => e.RejectedAt,
        PsaWriteRequested e => e.RequestedAt,
        PsaWriteConfirmed e => e.ConfirmedAt,
        PsaWriteFailed e => e.FailedAt,
        PsaWriteConflictDetected e => e.DetectedAt,
        BillingPeriodClosed e => e.ClosedAt,
        BillingPeriodAdjusted e => e.AdjustedAt,
        BillingPeriodCorrected e => e.CorrectedAt,
        UsageSnapshotVoided e => e.VoidedAt,
        UsageNotReported e => e.RecordedAt,
        _ => ReconciliationValidTime(@event),
    };
}

/// <summary>What a proposed quantity was computed from, so finance can later see which snapshot and rules it used.</summary>
public sealed record ProposalBasis(
    string? SnapshotId,
    string? ContentHash,
    DateTimeOffset? UsageObservedAt,
    UnitRuleTerms UnitRule,
    decimal RawAmount,
    IReadOnlyList<PolicyInForce> Policies,
    int CountedAssets,
    int IgnoredAssets,
    int AssetsNeedingDecision);

/// <summary>The terms of a <see cref="UnitRule"/> as stored, so that the stored form never follows the rule's code.</summary>
/// <param name="IsStorageUnit">
/// Follows from <paramref name="Unit"/>; every stored rule has carried it since the first version, so it stays in the
/// stored form, but no decision reads it back.
/// </param>
public sealed record UnitRuleTerms(
    BillingUnit Unit,
    int Base,
    Rounding Rounding,
    decimal Step,
    decimal IncludedAllowance,
    decimal Minimum,
    bool IsStorageUnit);

public sealed record PolicyInForce(CountingPolicyKind Policy, CountingChoice Choice, PolicySource Source);

public enum PolicySource
{
    Default,
    Tenant,
    Customer,
}

public sealed record InvoicedQuantity(
    BillableService Service,
    string? SeatType,
    string PsaLineId,
    decimal Quantity,
    Money? UnitPrice);
