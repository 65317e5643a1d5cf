using LedgerReconcile.Domain;
using LedgerReconcile.EventStore;

namespace LedgerReconcile.Application.Ledgers;

/// <summary>
/// The customer keys of each tenant: every customer stream ever written, read from <c>$all</c> from the beginning
/// after a start and then from its checkpoint. It reads the store itself rather than the billing read model, so a
/// reconciliation right after a sync sees a customer the projections have not caught up with yet.
/// </summary>
public sealed class CustomerDirectory(IEventStore store)
{
    private readonly SemaphoreSlim _catchUp = new(1, 1);
    private readonly Dictionary<string, SortedSet<string>> _customers = new(StringComparer.Ordinal);
    private long _checkpoint;

    public async Task<IReadOnlyList<string>> CustomersAsync(string tenant, CancellationToken cancellationToken)
    {
        await _catchUp.WaitAsync(cancellationToken);
        try
        {
            await foreach (var recorded in store.ReadAllAsync(_checkpoint, cancellationToken: cancellationToken))
            {
                _checkpoint = recorded.Position;
                if (StreamNames.TryParseCustomer(recorded.Stream, out var owner, out var customerKey) && recorded.Metadata.Tenant == owner)
                {
                    if (!_customers.TryGetValue(owner, out var keys))
                    {
                        _customers[owner] = keys = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    keys.Add(customerKey);
                }
            }

            return _customers.TryGetValue(tenant, out var found) ? [.. found] : [];
        }
        finally
        {
            _catchUp.Release();
        }
    }
}
