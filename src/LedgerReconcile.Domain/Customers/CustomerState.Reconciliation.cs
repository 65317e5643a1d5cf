using System.Collections.Immutable;

namespace LedgerReconcile.Domain.Customers;

public sealed partial record CustomerState
{
    /// <summary>What the PSA reads said about each mapped line besides its quantity; a line never read is active and billed.</summary>
    public ImmutableDictionary<string, PsaLineFacts> PsaLineFacts { get; init; } = ImmutableDictionary<string, PsaLineFacts>.Empty;

    /// <summary>Service lines whose quantities are apart but that reconciliation will not propose, and why.</summary>
    public ImmutableDictionary<ServiceLine, BlockedLine> Blocked { get; init; } = ImmutableDictionary<ServiceLine, BlockedLine>.Empty;

    /// <summary>The last proposal made for each PSA line, whatever became of it.</summary>
    public ImmutableDictionary<string, Guid> LatestProposalByLine { get; init; } = ImmutableDictionary<string, Guid>.Empty;

    /// <summary>
    /// Whether a person rejected exactly this change and nothing has been proposed for the line since: a rejection
    /// holds until a number moves, so the same change is not put back in front of finance at every read.
    /// </summary>
    public bool RejectedAsIs(string psaLineId, decimal from, decimal to) =>
        LatestProposalByLine.TryGetValue(psaLineId, out var latest)
        && Proposals.GetValueOrDefault(latest) is { Status: ProposalStatus.Rejected } rejected
        && rejected.From == from && rejected.To == to;

    private CustomerState WithNewProposal(QuantityProposal proposal) => this with
    {
        Proposals = Proposals.SetItem(proposal.ProposalId, proposal),
        LatestProposalByLine = LatestProposalByLine.SetItem(proposal.PsaLineId, proposal.ProposalId),
    };

    public PsaLineFacts FactsOf(string psaLineId) => PsaLineFacts.GetValueOrDefault(psaLineId) ?? Customers.PsaLineFacts.ActiveAndBilled;

    /// <summary>Mapped PSA lines that ended, vanished or were cancelled while still mapped: a person decides what follows.</summary>
    public IEnumerable<(ServiceMapping Mapping, PsaLineFacts Facts)> EndedLines() =>
        Services.Values
            .Select(m => (Mapping: m, Facts: FactsOf(m.PsaLineId)))
            .Where(l => l.Facts.Status != PsaLineStatus.Active);

    private CustomerState EvolveReconciliation(CustomerEvent @event) => @event switch
    {
        PsaLineQuantityChanged e => WithPsaObservation(e.PsaLineId, e.Quantity, e.ObservedAt) with
        {
            PsaLineFacts = PsaLineFacts.SetItem(e.PsaLineId, FactsOf(e.PsaLineId) with { ChangedBy = e.ChangedBy, ChangedAt = e.ChangedAt }),
        },
        PsaLineBillingChanged e => this with { PsaLineFacts = PsaLineFacts.SetItem(e.PsaLineId, FactsOf(e.PsaLineId) with { Billed = e.Billed }) },
        PsaLineStatusChanged e => this with
        {
            PsaLineFacts = PsaLineFacts.SetItem(e.PsaLineId, FactsOf(e.PsaLineId) with { Status = e.Status, EndDate = e.EndDate, StatusSince = e.ObservedAt }),
        },
        QuantityChangeBlocked e => this with
        {
            Blocked = Blocked.SetItem(
                new ServiceLine(e.Service, e.SeatType),
                new BlockedLine(new ServiceLine(e.Service, e.SeatType), e.PsaLineId, e.From, e.To, e.Reason, e.Detail, [.. e.Assets], e.BlockedAt)),
        },
        QuantityChangeUnblocked e => this with { Blocked = Blocked.Remove(new ServiceLine(e.Service, e.SeatType)) },
        QuantityChangeDismissed e => WithProposal(e.ProposalId, p => p with { Status = ProposalStatus.Dismissed, DismissedUntil = e.Until }),
        QuantityChangeApprovedWithEffectiveDate e => WithProposal(
            e.ProposalId,
            p => p with { Status = ProposalStatus.Approved, ApprovedBy = e.Actor, EffectiveDate = e.EffectiveDate }),
        _ => EvolveSharedLines(@event),
    };
}

/// <param name="ChangedBy">Who last changed the quantity on the PSA, when the PSA says so.</param>
public sealed record PsaLineFacts(bool Billed, PsaLineStatus Status, DateOnly? EndDate, DateTimeOffset? StatusSince, string? ChangedBy, DateTimeOffset? ChangedAt)
{
    public static PsaLineFacts ActiveAndBilled { get; } = new(true, PsaLineStatus.Active, null, null, null, null);
}

/// <param name="Assets">The assets waiting for a decision, when that is the reason.</param>
public sealed record BlockedLine(
    ServiceLine Line,
    string PsaLineId,
    decimal From,
    decimal To,
    BlockReason Reason,
    string Detail,
    ImmutableArray<AssetRef> Assets,
    DateTimeOffset BlockedAt);
