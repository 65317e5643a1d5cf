using System.Collections.Immutable;

namespace LedgerReconcile.Domain.Customers;

public sealed partial record CustomerState
{
    /// <summary>Proposals to add a line to the mapped agreement, by proposal id, whatever became of them.</summary>
    public ImmutableDictionary<Guid, LineAddition> LineAdditions { get; init; } = ImmutableDictionary<Guid, LineAddition>.Empty;

    /// <summary>The addition for this service that is still on its way (pending, approved or being added).</summary>
    public LineAddition? OpenLineAdditionFor(ServiceLine line) =>
        LineAdditions.Values.FirstOrDefault(a => a.Line == line && a.IsOpen);

    private CustomerState EvolveLineAdditions(CustomerEvent @event) => @event switch
    {
        LineAdditionProposed e => this with
        {
            LineAdditions = LineAdditions.SetItem(
                e.ProposalId,
                new LineAddition(
                    e.ProposalId,
                    new ServiceLine(e.Service, e.SeatType),
                    e.ProductId,
                    e.Quantity,
                    UnitRule.From(e.UnitRule),
                    e.UnitPrice,
                    e.EffectiveDate,
                    LineAdditionStatus.Pending,
                    null,
                    null,
                    null,
                    null,
                    null)),
        },
        LineAdditionApproved e => WithLineAddition(e.ProposalId, a => a with { Status = LineAdditionStatus.Approved, ApprovedBy = e.Actor, EffectiveDate = e.EffectiveDate }),
        LineAdditionRejected e => WithLineAddition(e.ProposalId, a => a with { Status = LineAdditionStatus.Rejected, Error = e.Reason }),
        LineAdditionRequested e => WithLineAddition(
            e.ProposalId,
            a => a with { Status = LineAdditionStatus.Requested, WriteId = e.WriteId, IdempotencyKey = e.IdempotencyKey, EffectiveDate = e.EffectiveDate }),
        LineAdded e => WithLineAddition(e.ProposalId, a => a with { Status = LineAdditionStatus.Added, PsaLineId = e.PsaLineId })
            .WithPsaObservation(e.PsaLineId, e.Quantity, e.AddedAt),
        LineAdditionFoundExistingLine e => WithLineAddition(e.ProposalId, a => a with { Status = LineAdditionStatus.ExistingLineFound, PsaLineId = e.PsaLineId })
            .WithPsaObservation(e.PsaLineId, e.Quantity, e.FoundAt),
        LineAdditionFailed e => WithLineAddition(e.ProposalId, a => a with { Status = LineAdditionStatus.Failed, Error = e.Error }),
        ServiceMappedByLineAddition e => this with
        {
            Services = Services.SetItem(
                new ServiceLine(e.Service, e.SeatType),
                new ServiceMapping(new ServiceLine(e.Service, e.SeatType), e.PsaLineId, UnitRule.From(e.UnitRule), e.UnitPrice, e.EffectiveFrom)),
        },
        _ => EvolvePeriods(@event),
    };

    private CustomerState WithLineAddition(Guid proposalId, Func<LineAddition, LineAddition> change) =>
        LineAdditions.TryGetValue(proposalId, out var addition)
            ? this with { LineAdditions = LineAdditions.SetItem(proposalId, change(addition)) }
            : this;
}

public enum LineAdditionStatus
{
    Pending,
    Approved,
    Rejected,

    /// <summary>Recorded as requested: sent, or about to be, with the addition's one idempotency key.</summary>
    Requested,
    Added,

    /// <summary>The agreement already had a line for the product; it was mapped instead.</summary>
    ExistingLineFound,
    Failed,
}

/// <param name="EffectiveDate">When the line starts billing: proposed, then as approved.</param>
/// <param name="Error">Why it was rejected by a person or failed on the PSA.</param>
/// <param name="PsaLineId">The line that now bills the service, once added or found.</param>
public sealed record LineAddition(
    Guid ProposalId,
    ServiceLine Line,
    string ProductId,
    decimal Quantity,
    UnitRule UnitRule,
    Money UnitPrice,
    DateOnly EffectiveDate,
    LineAdditionStatus Status,
    string? ApprovedBy,
    Guid? WriteId,
    string? IdempotencyKey,
    string? PsaLineId,
    string? Error)
{
    public bool IsOpen => Status is LineAdditionStatus.Pending or LineAdditionStatus.Approved or LineAdditionStatus.Requested;
}
