namespace LedgerReconcile.Domain.Customers;

// New revenue: a Datto service the mapped agreement has no line for, added to the agreement through the approval and
// exactly-once write path of a quantity change (ADR 23).
public abstract partial record CustomerEvent
{
    /// <summary>
    /// A person proposed adding a line for <paramref name="Service"/> to the mapped agreement: the tenant's template for
    /// <paramref name="ProductId"/> gives the unit rule and the price, the billable usage the quantity.
    /// </summary>
    /// <param name="BillableQuantity">What Datto counted under the template's unit rule when it was proposed.</param>
    public sealed record LineAdditionProposed(
        Guid ProposalId,
        BillableService Service,
        string? SeatType,
        PsaKind PsaKind,
        string PsaCompanyId,
        string AgreementId,
        string ProductId,
        decimal Quantity,
        decimal BillableQuantity,
        UnitRuleTerms UnitRule,
        Money UnitPrice,
        DateOnly EffectiveDate,
        string? SnapshotId,
        string Actor,
        DateTimeOffset ProposedAt) : CustomerEvent;

    public sealed record LineAdditionApproved(Guid ProposalId, DateOnly EffectiveDate, string? Note, string Actor, DateTimeOffset ApprovedAt) : CustomerEvent;

    public sealed record LineAdditionRejected(Guid ProposalId, string Reason, string Actor, DateTimeOffset RejectedAt) : CustomerEvent;

    /// <summary>
    /// Recorded before anything is sent. <paramref name="IdempotencyKey"/> derives from the proposal alone, so every later
    /// call for this addition (after a crash, a timeout, a transient failure) carries the same key and finds the line.
    /// </summary>
    public sealed record LineAdditionRequested(
        Guid WriteId,
        string IdempotencyKey,
        Guid ProposalId,
        PsaKind PsaKind,
        string PsaCompanyId,
        string AgreementId,
        string ProductId,
        decimal Quantity,
        decimal UnitPrice,
        DateOnly EffectiveDate,
        string ApprovedBy,
        string Actor,
        DateTimeOffset RequestedAt) : CustomerEvent;

    /// <summary>The PSA shows the line this addition created; <paramref name="Evidence"/> says how that is known (read back, re-read after a lost answer, found by its marker).</summary>
    public sealed record LineAdded(
        Guid WriteId,
        Guid ProposalId,
        string PsaLineId,
        decimal Quantity,
        string Evidence,
        string Actor,
        DateTimeOffset AddedAt) : CustomerEvent;

    /// <summary>
    /// Nothing was added: the agreement already had an active line for the product that this addition did not create
    /// (added by hand meanwhile). That line bills the service, so it is mapped instead of adding a second one.
    /// </summary>
    public sealed record LineAdditionFoundExistingLine(
        Guid WriteId,
        Guid ProposalId,
        string PsaLineId,
        decimal Quantity,
        string Actor,
        DateTimeOffset FoundAt) : CustomerEvent;

    /// <summary>The PSA rejected the line, or the adapter refused to send it. Not retried: a person proposes again if it still applies.</summary>
    public sealed record LineAdditionFailed(Guid WriteId, Guid ProposalId, string Error, string Actor, DateTimeOffset FailedAt) : CustomerEvent;

    /// <summary>A service mapped to the line its line addition put on the agreement (or found there), without a person mapping it.</summary>
    public sealed record ServiceMappedByLineAddition(
        Guid ProposalId,
        BillableService Service,
        string? SeatType,
        string PsaLineId,
        UnitRuleTerms UnitRule,
        Money UnitPrice,
        DateTimeOffset EffectiveFrom,
        string Actor,
        DateTimeOffset MappedAt) : CustomerEvent;

    private static DateTimeOffset LineAdditionValidTime(CustomerEvent @event) => @event switch
    {
        LineAdditionProposed e => e.ProposedAt,
        LineAdditionApproved e => e.ApprovedAt,
        LineAdditionRejected e => e.RejectedAt,
        LineAdditionRequested e => e.RequestedAt,
        LineAdded e => e.AddedAt,
        LineAdditionFoundExistingLine e => e.FoundAt,
        LineAdditionFailed e => e.FailedAt,
        ServiceMappedByLineAddition e => e.EffectiveFrom,
        _ => PeriodValidTime(@event),
    };
}
