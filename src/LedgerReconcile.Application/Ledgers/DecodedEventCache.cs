using System.Collections.Concurrent;
using LedgerReconcile.EventStore;

namespace LedgerReconcile.Application.Ledgers;

/// <summary>
/// Stored events never change, so an event decoded once can be reused for as long as memory allows: folding a
/// two-year customer stream for a point-in-time query then costs the fold, not 700 JSON decodes. Two generations
/// approximate least-recently-used eviction without bookkeeping on the read path: when the young generation's
/// payload bytes pass half the budget, it becomes the old one and the previous old one is dropped.
/// </summary>
public sealed class DecodedEventCache(long budgetBytes = DecodedEventCache.DefaultBudgetBytes)
{
    public const long DefaultBudgetBytes = 128L * 1024 * 1024;

    private readonly object _rotation = new();
    private ConcurrentDictionary<Guid, object> _young = new();
    private ConcurrentDictionary<Guid, object> _old = new();
    private long _youngBytes;

    public object Decode(RecordedEvent recorded)
    {
        if (_young.TryGetValue(recorded.EventId, out var decoded))
        {
            return decoded;
        }

        if (!_old.TryGetValue(recorded.EventId, out decoded))
        {
            decoded = EventSerializer.Deserialize(recorded.Type, recorded.Data);
        }

        Remember(recorded.EventId, decoded, recorded.Data.Length);
        return decoded;
    }

    private void Remember(Guid eventId, object decoded, int payloadBytes)
    {
        if (!_young.TryAdd(eventId, decoded))
        {
            return;
        }

        if (Interlocked.Add(ref _youngBytes, payloadBytes) < budgetBytes / 2)
        {
            return;
        }

        lock (_rotation)
        {
            if (Interlocked.Read(ref _youngBytes) < budgetBytes / 2)
            {
                return;
            }

            _old = _young;
            _young = new ConcurrentDictionary<Guid, object>();
            Interlocked.Exchange(ref _youngBytes, 0);
        }
    }
}
