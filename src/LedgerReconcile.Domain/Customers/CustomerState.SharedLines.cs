using System.Collections.Immutable;

namespace LedgerReconcile.Domain.Customers;

public sealed partial record CustomerState
{
    /// <summary>For proposals of a PSA line shared by several organizations: what each organization contributed.</summary>
    public ImmutableDictionary<Guid, ImmutableArray<OrganizationContribution>> Contributions { get; init; } =
        ImmutableDictionary<Guid, ImmutableArray<OrganizationContribution>>.Empty;

    public ImmutableArray<OrganizationContribution> ContributionsTo(Guid proposalId) => Contributions.GetValueOrDefault(proposalId, []);

    /// <summary>PSA lines mapped here that several organizations share, by PSA line id.</summary>
    public ImmutableDictionary<string, LineSharing> Sharing { get; init; } = ImmutableDictionary<string, LineSharing>.Empty;

    private CustomerState EvolveSharedLines(CustomerEvent @event) => @event switch
    {
        PsaLineSharingRecorded e => this with { Sharing = Sharing.SetItem(e.PsaLineId, new LineSharing(e.HomeCustomerKey, e.Total, [.. e.Contributions])) },
        PsaLineSharingEnded e => this with { Sharing = Sharing.Remove(e.PsaLineId) },
        QuantityChangeProposedWithContributions e => WithNewProposal(
            new QuantityProposal(e.ProposalId, new ServiceLine(e.Service, e.SeatType), e.PsaLineId, e.From, e.To, ProposalStatus.Pending, null)) with
        {
            Contributions = Contributions.SetItem(e.ProposalId, [.. e.Contributions]),
        },
        _ => EvolveLineAdditions(@event),
    };
}

/// <summary>How a shared PSA line is reconciled: in <paramref name="HomeCustomerKey"/>, which alone knows the total and the contributions.</summary>
public sealed record LineSharing(string HomeCustomerKey, decimal? Total, ImmutableArray<OrganizationContribution> Contributions)
{
    public bool SameAs(LineSharing other) =>
        HomeCustomerKey == other.HomeCustomerKey && Total == other.Total && Contributions.SequenceEqual(other.Contributions);
}
