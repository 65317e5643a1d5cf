namespace LedgerReconcile.Domain.Customers;

// What a PSA read learned about a mapped line, and how the monthly reconciliation treats each line.
public abstract partial record CustomerEvent
{
    /// <summary>
    /// A PSA read found the line billing another quantity than the ledger last knew. Unlike
    /// <see cref="PsaQuantityObserved"/> it names the read run and, where the PSA says so, who changed the line and when.
    /// </summary>
    public sealed record PsaLineQuantityChanged(
        string PsaLineId,
        decimal Quantity,
        string? ChangedBy,
        DateTimeOffset? ChangedAt,
        DateTimeOffset ObservedAt,
        string RunId,
        string Actor) : CustomerEvent;

    /// <summary>The PSA's bill flag of the line changed (ConnectWise <c>billCustomer</c>): a line that is not billed is never proposed.</summary>
    public sealed record PsaLineBillingChanged(
        string PsaLineId,
        bool Billed,
        DateTimeOffset ObservedAt,
        string RunId,
        string Actor) : CustomerEvent;

    /// <summary>
    /// The line was found cancelled, end-dated, vanished, or active again. The service mapping stays: a person decides
    /// what follows, and the line shows as needing attention until it is active again.
    /// </summary>
    public sealed record PsaLineStatusChanged(
        string PsaLineId,
        PsaLineStatus Status,
        DateOnly? EndDate,
        DateTimeOffset ObservedAt,
        string RunId,
        string Actor) : CustomerEvent;

    /// <summary>
    /// Reconciliation found the line's quantities apart but would not propose: assets need a decision, the PSA line
    /// ended, or it is not billed. <paramref name="Assets"/> names the assets waiting for a decision.
    /// </summary>
    public sealed record QuantityChangeBlocked(
        BillableService Service,
        string? SeatType,
        string PsaLineId,
        decimal From,
        decimal To,
        BlockReason Reason,
        string Detail,
        IReadOnlyList<AssetRef> Assets,
        string Actor,
        DateTimeOffset BlockedAt) : CustomerEvent;

    public sealed record QuantityChangeUnblocked(
        BillableService Service,
        string? SeatType,
        string PsaLineId,
        string Reason,
        string Actor,
        DateTimeOffset UnblockedAt) : CustomerEvent;

    /// <summary>No change this month: the same change is not proposed again before <paramref name="Until"/> unless a number moves.</summary>
    public sealed record QuantityChangeDismissed(Guid ProposalId, string Reason, DateOnly Until, string Actor, DateTimeOffset DismissedAt) : CustomerEvent;

    /// <summary>
    /// An approval that says when the change takes effect on the PSA. Approvals recorded as
    /// <see cref="QuantityChangeApproved"/> carry no date and keep the write-back's default.
    /// </summary>
    public sealed record QuantityChangeApprovedWithEffectiveDate(
        Guid ProposalId,
        DateOnly EffectiveDate,
        string? Note,
        string Actor,
        DateTimeOffset ApprovedAt) : CustomerEvent;

    private static DateTimeOffset ReconciliationValidTime(CustomerEvent @event) => @event switch
    {
        PsaLineQuantityChanged e => e.ObservedAt,
        PsaLineBillingChanged e => e.ObservedAt,
        PsaLineStatusChanged e => e.ObservedAt,
        QuantityChangeBlocked e => e.BlockedAt,
        QuantityChangeUnblocked e => e.UnblockedAt,
        QuantityChangeDismissed e => e.DismissedAt,
        QuantityChangeApprovedWithEffectiveDate e => e.ApprovedAt,
        _ => SharedLineValidTime(@event),
    };
}

public enum PsaLineStatus
{
    Active,
    Cancelled,
    EndDated,
    Vanished,
}

public enum BlockReason
{
    AssetsNeedDecision,
    PsaLineEnded,
    PsaLineNotBilled,

    /// <summary>Organizations sharing one PSA line map different services or unit rules to it, so their amounts cannot be summed.</summary>
    SharedLineMappingsDisagree,
}
