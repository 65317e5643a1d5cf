using System.Collections.Immutable;

namespace LedgerReconcile.Domain.Customers;

public sealed partial record CustomerState
{
    /// <summary>For proposals of a PSA line shared by several organizations: what each organization contributed.</summary>
    public ImmutableDictionary<Guid, ImmutableArray<OrganizationContribution>> Contributions { get; init; } =
        ImmutableDictionary<Guid, ImmutableArray<OrganizationContribution>>.Empty;

    public ImmutableArray<OrganizationContribution> ContributionsTo(Guid proposalId) => Contributions.GetValueOrDefault(proposalId, []);

    private CustomerState EvolveSharedLines(CustomerEvent @event) => @event switch
    {
        QuantityChangeProposedWithContributions e => this with
        {
            Proposals = Proposals.SetItem(
                e.ProposalId,
                new QuantityProposal(e.ProposalId, new ServiceLine(e.Service, e.SeatType), e.PsaLineId, e.From, e.To, ProposalStatus.Pending, null)),
            Contributions = Contributions.SetItem(e.ProposalId, [.. e.Contributions]),
        },
        _ => EvolveLineAdditions(@event),
    };
}
