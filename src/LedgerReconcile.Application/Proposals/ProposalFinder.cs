using LedgerReconcile.Domain;

namespace LedgerReconcile.Application.Proposals;

/// <param name="Revision">The customer stream's revision the item was read at.</param>
public sealed record FoundProposal(ProposalItem Item, long? Revision);

/// <param name="IsLineAddition">A proposal to add a line (new revenue) rather than to change a line's quantity.</param>
public sealed record ProposalOwner(string CustomerKey, bool IsLineAddition);

/// <summary>Reads every customer of a tenant through the ledger and picks the proposals and blocked lines a filter takes.</summary>
public sealed class ProposalFinder(CustomerDirectory directory, CustomerLedger customers)
{
    private static readonly ProposalStatus[] OpenStatuses = [ProposalStatus.Pending, ProposalStatus.Approved];

    public async Task<IReadOnlyList<FoundProposal>> FindAsync(string tenant, ProposalFilter filter, CancellationToken cancellationToken)
    {
        var keys = filter.CustomerKey is { } only ? [only] : await directory.CustomersAsync(tenant, cancellationToken);
        var found = new List<FoundProposal>();
        foreach (var customerKey in keys)
        {
            var loaded = await customers.LoadAsync(tenant, customerKey, cancellationToken);
            found.AddRange(ItemsOf(customerKey, loaded.State).Where(i => Matches(filter, i)).Select(i => new FoundProposal(i, loaded.Revision)));
        }

        return found;
    }

    /// <summary>Which customer holds each proposal of the tenant (quantity changes and line additions), whatever its status.</summary>
    public async Task<IReadOnlyDictionary<Guid, ProposalOwner>> OwnersAsync(string tenant, CancellationToken cancellationToken)
    {
        var owners = new Dictionary<Guid, ProposalOwner>();
        foreach (var customerKey in await directory.CustomersAsync(tenant, cancellationToken))
        {
            var state = (await customers.LoadAsync(tenant, customerKey, cancellationToken)).State;
            foreach (var proposalId in state.Proposals.Keys)
            {
                owners[proposalId] = new ProposalOwner(customerKey, IsLineAddition: false);
            }

            foreach (var proposalId in state.LineAdditions.Keys)
            {
                owners[proposalId] = new ProposalOwner(customerKey, IsLineAddition: true);
            }
        }

        return owners;
    }

    private static IEnumerable<ProposalItem> ItemsOf(string customerKey, CustomerState state)
    {
        var psa = state.Account?.PsaKind;
        foreach (var proposal in state.Proposals.Values.OrderBy(p => p.ProposalId))
        {
            var price = state.Services.GetValueOrDefault(proposal.Line)?.UnitPrice;
            yield return new ProposalItem(
                customerKey,
                proposal.ProposalId,
                proposal.Line.Service,
                proposal.Line.SeatType,
                psa,
                proposal.PsaLineId,
                proposal.From,
                proposal.To,
                proposal.Status.ToString(),
                price is null ? null : (proposal.To - proposal.From) * price.Amount,
                price?.Currency,
                proposal.EffectiveDate,
                null,
                null,
                [],
                state.ContributionsTo(proposal.ProposalId));
        }

        foreach (var blocked in state.Blocked.Values.OrderBy(b => b.Line.ToString(), StringComparer.Ordinal))
        {
            var price = state.Services.GetValueOrDefault(blocked.Line)?.UnitPrice;
            yield return new ProposalItem(
                customerKey,
                null,
                blocked.Line.Service,
                blocked.Line.SeatType,
                psa,
                blocked.PsaLineId,
                blocked.From,
                blocked.To,
                ProposalFilterValidator.Blocked,
                price is null ? null : (blocked.To - blocked.From) * price.Amount,
                price?.Currency,
                null,
                blocked.Reason,
                blocked.Detail,
                blocked.Assets,
                []);
        }
    }

    private static bool Matches(ProposalFilter filter, ProposalItem item) =>
        (filter.Service is null || item.Service == EnumText.Parse<BillableService>(filter.Service))
        && (filter.SeatType is null || item.SeatType == filter.SeatType)
        && (filter.Psa is null || item.Psa == EnumText.Parse<PsaKind>(filter.Psa))
        && (filter.Status is { } status
            ? item.Status == status
            : item.Status == ProposalFilterValidator.Blocked || OpenStatuses.Any(s => s.ToString() == item.Status))
        && (filter.MaxMoneyImpact is not { } max || (item.MoneyImpact is { } impact && Math.Abs(impact) <= max));
}
