using LedgerReconcile.EventStore;

namespace LedgerReconcile.Integrations.WriteBack;

/// <summary>
/// Which customers of which tenant may have write-back work: every customer stream that ever held a proposal or a
/// write. Built from <c>$all</c> in memory, from the beginning after every start, then from its checkpoint, so a
/// restart can never forget a write that was requested but not resolved. The dispatcher drops a customer once its
/// ledger shows nothing open.
/// </summary>
public sealed class WriteBackIndex(IEventStore store)
{
    private static readonly HashSet<string> Relevant = new(StringComparer.Ordinal)
    {
        EventRegistry.StoredNameOf(typeof(CustomerEvent.QuantityChangeProposed)),
        EventRegistry.StoredNameOf(typeof(CustomerEvent.QuantityChangeProposedWithContributions)),
        EventRegistry.StoredNameOf(typeof(CustomerEvent.QuantityChangeApproved)),
        EventRegistry.StoredNameOf(typeof(CustomerEvent.QuantityChangeAutoApproved)),
        EventRegistry.StoredNameOf(typeof(CustomerEvent.PsaWriteRequested)),
        EventRegistry.StoredNameOf(typeof(CustomerEvent.PsaWriteFailed)),
        EventRegistry.StoredNameOf(typeof(CustomerEvent.LineAdditionApproved)),
        EventRegistry.StoredNameOf(typeof(CustomerEvent.LineAdditionRequested)),
    };

    private readonly SemaphoreSlim _catchUp = new(1, 1);
    private readonly Dictionary<string, Dictionary<string, long>> _candidates = new(StringComparer.Ordinal);
    private long _checkpoint;

    public async Task<IReadOnlyList<string>> TenantsAsync(CancellationToken cancellationToken)
    {
        await CatchUpAsync(cancellationToken);
        lock (_candidates)
        {
            return _candidates.Where(t => t.Value.Count > 0).Select(t => t.Key).Order(StringComparer.Ordinal).ToList();
        }
    }

    public async Task<IReadOnlyList<string>> CustomersAsync(string tenant, CancellationToken cancellationToken)
    {
        await CatchUpAsync(cancellationToken);
        lock (_candidates)
        {
            return _candidates.TryGetValue(tenant, out var keys) ? keys.Keys.Order(StringComparer.Ordinal).ToList() : [];
        }
    }

    /// <summary>
    /// Called when a customer's ledger, read up to global position <paramref name="readUpTo"/>, shows nothing open. A
    /// relevant event indexed after that position keeps the customer in.
    /// </summary>
    public void Settled(string tenant, string customerKey, long readUpTo)
    {
        lock (_candidates)
        {
            if (_candidates.TryGetValue(tenant, out var keys) && keys.TryGetValue(customerKey, out var last) && last <= readUpTo)
            {
                keys.Remove(customerKey);
            }
        }
    }

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        await _catchUp.WaitAsync(cancellationToken);
        try
        {
            await foreach (var recorded in store.ReadAllAsync(_checkpoint, cancellationToken: cancellationToken))
            {
                _checkpoint = recorded.Position;
                if (Relevant.Contains(recorded.Type) && StreamNames.TryParseCustomer(recorded.Stream, out var tenant, out var customerKey))
                {
                    lock (_candidates)
                    {
                        if (!_candidates.TryGetValue(tenant, out var keys))
                        {
                            _candidates[tenant] = keys = new Dictionary<string, long>(StringComparer.Ordinal);
                        }

                        keys[customerKey] = recorded.Position;
                    }
                }
            }
        }
        finally
        {
            _catchUp.Release();
        }
    }
}
