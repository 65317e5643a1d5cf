using System.Collections.Immutable;
using LedgerReconcile.Domain;

namespace LedgerReconcile.Application.Customers;

/// <summary>What one customer's reconciliation is told about the PSA lines it shares with other organizations.</summary>
public sealed record LineSharing(ImmutableDictionary<string, SharedPsaLine> SharedLines, ImmutableDictionary<string, string> ReconciledElsewhere)
{
    public static LineSharing None { get; } = new(ImmutableDictionary<string, SharedPsaLine>.Empty, ImmutableDictionary<string, string>.Empty);
}

/// <summary>
/// Finds the PSA lines (by PSA kind and line id) that several customer streams of a tenant map, picks each line's home
/// stream (the lowest customer key among those with Datto usage, so the choice is the same on every run), and gathers
/// what the home stream needs to propose their sum: every other organization's billable amount, the newest PSA read
/// of the line in any of the streams, and whether a write to it is in flight elsewhere.
/// </summary>
public sealed class SharedLineCensus(CustomerDirectory directory, CustomerLedger customers)
{
    public async Task<IReadOnlyDictionary<string, LineSharing>> TakeAsync(
        string tenant,
        ImmutableDictionary<CountingPolicyKind, CountingChoice> tenantPolicies,
        CancellationToken cancellationToken)
    {
        var mapped = new List<(string CustomerKey, CustomerState State, PsaKind Psa, ServiceMapping Mapping)>();
        foreach (var customerKey in await directory.CustomersAsync(tenant, cancellationToken))
        {
            var state = (await customers.LoadAsync(tenant, customerKey, cancellationToken)).State;
            if (state.Account is { } account)
            {
                mapped.AddRange(state.Services.Values.Select(m => (customerKey, state, account.PsaKind, m)));
            }
        }

        var sharing = new Dictionary<string, LineSharing>(StringComparer.Ordinal);
        foreach (var line in mapped.GroupBy(m => (m.Psa, m.Mapping.PsaLineId)).Where(g => g.Count() > 1))
        {
            var streams = line.OrderBy(m => m.State.Usage is null).ThenBy(m => m.CustomerKey, StringComparer.Ordinal).ToList();
            var (home, others) = (streams[0], streams.Skip(1).ToList());
            var psaLineId = line.Key.PsaLineId;
            var newest = streams
                .Where(s => s.State.PsaLines.ContainsKey(psaLineId))
                .MaxBy(s => s.State.PsaLines[psaLineId].ObservedAt);
            var shared = new SharedPsaLine(
                home.CustomerKey,
                [.. others.SelectMany(o => Contribution(o.CustomerKey, o.State, o.Mapping, tenantPolicies))],
                newest.State?.PsaLines[psaLineId],
                newest.State?.FactsOf(psaLineId) ?? PsaLineFacts.ActiveAndBilled,
                others.Any(o => o.State.OpenProposalFor(psaLineId) is { Status: ProposalStatus.WriteRequested }));
            Update(sharing, home.CustomerKey, s => s with { SharedLines = s.SharedLines.SetItem(psaLineId, shared) });
            foreach (var other in others)
            {
                Update(sharing, other.CustomerKey, s => s with { ReconciledElsewhere = s.ReconciledElsewhere.SetItem(psaLineId, home.CustomerKey) });
            }
        }

        return sharing;
    }

    public async Task<LineSharing> ForAsync(
        string tenant,
        string customerKey,
        ImmutableDictionary<CountingPolicyKind, CountingChoice> tenantPolicies,
        CancellationToken cancellationToken) =>
        (await TakeAsync(tenant, tenantPolicies, cancellationToken)).GetValueOrDefault(customerKey) ?? LineSharing.None;

    private static IEnumerable<SharingOrganization> Contribution(
        string customerKey,
        CustomerState state,
        ServiceMapping mapping,
        ImmutableDictionary<CountingPolicyKind, CountingChoice> tenantPolicies)
    {
        var usage = BillableQuantities.Compute(state, tenantPolicies);
        return usage.Services.Where(s => s.Line == mapping.Line).Select(s => SharingOrganization.Of(customerKey, state, usage, s));
    }

    private static void Update(Dictionary<string, LineSharing> sharing, string customerKey, Func<LineSharing, LineSharing> change) =>
        sharing[customerKey] = change(sharing.GetValueOrDefault(customerKey) ?? LineSharing.None);
}
