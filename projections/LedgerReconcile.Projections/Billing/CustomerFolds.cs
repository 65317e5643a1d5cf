using System.Collections.Concurrent;
using System.Collections.Immutable;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;

namespace LedgerReconcile.Projections.Billing;

/// <summary>A customer's folded state after <see cref="Revision"/>, with the quantities under the policies they were computed with.</summary>
internal sealed record CustomerFold(
    long Revision,
    CustomerState State,
    ImmutableSortedDictionary<CountingPolicyKind, CountingChoice>? Policies,
    BillableUsage? Usage);

/// <summary>
/// The customer's folded state is not stored (its dictionaries are keyed by records); it is kept in memory per
/// stream and revision, and refolded from the stream's first events up to the revision the read model has applied
/// whenever it is missing. Events of a stream up to a revision never change, so every lane, incremental or rebuild,
/// folds the same state.
/// </summary>
internal sealed class CustomerFolds(LedgerReader reader)
{
    private const int Capacity = 20_000;
    private readonly ConcurrentDictionary<string, CustomerFold> _folds = new(StringComparer.Ordinal);

    /// <summary>The fold the event at <paramref name="revision"/> continues, when it is in memory.</summary>
    public CustomerFold? Preceding(string stream, long revision) =>
        _folds.TryGetValue(stream, out var fold) && fold.Revision == revision - 1 ? fold : null;

    public void Remember(string stream, CustomerFold fold) => _folds[stream] = fold;

    public async Task<CustomerState> FoldAsync(string tenant, string stream, long revision, CancellationToken cancellationToken)
    {
        if (revision < 0)
        {
            return CustomerState.Initial;
        }

        if (_folds.TryGetValue(stream, out var cached) && cached.Revision == revision)
        {
            return cached.State;
        }

        var loaded = await reader.LoadAsync(StreamFolds.Customer, tenant, stream, FoldCut.Through(revision), cancellationToken).ConfigureAwait(false);
        if (_folds.Count > Capacity)
        {
            _folds.Clear();
        }

        _folds[stream] = new CustomerFold(revision, loaded.State, null, null);
        return loaded.State;
    }
}
