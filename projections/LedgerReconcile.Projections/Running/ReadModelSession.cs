using System.Text.Json;
using LedgerReconcile.Projections.ReadModels;
using LedgerReconcile.Projections.Storage;

namespace LedgerReconcile.Projections.Running;

/// <summary>
/// The buffer between a projection and its tables: documents are read once and kept as objects, changes are held
/// until the batch commits, and only each document's final state is serialised and written. The cache outlives a
/// batch because the lane is the only writer of its table set; it is dropped whenever a commit does not succeed.
/// </summary>
internal sealed class ReadModelSession(IReadModelLaneConnection lane, bool startsEmpty, int cacheCapacity) : IReadModelWriter
{
    private readonly Dictionary<DocumentKey, Entry> _cache = [];
    private readonly HashSet<DocumentKey> _dirty = [];
    private readonly List<PendingHistory> _history = [];
    private bool _cacheHoldsEverything = startsEmpty;
    private long _position;
    private int _ordinal;

    public bool HasChanges => _dirty.Count > 0 || _history.Count > 0;

    public void BeginEvent(long position)
    {
        _position = position;
        _ordinal = 0;
    }

    public async ValueTask<T?> GetAsync<T>(DocumentKey key, CancellationToken cancellationToken = default)
        where T : class
    {
        if (_cache.TryGetValue(key, out var cached))
        {
            return (T?)cached.Value;
        }

        if (_cacheHoldsEverything)
        {
            return null;
        }

        var stored = await lane.LoadDocumentsAsync([key], cancellationToken).ConfigureAwait(false);
        var value = stored.Count == 0 ? null : JsonSerializer.Deserialize<T>(stored[0].Json, ReadModelJson.Options);
        _cache[key] = new Entry(value, typeof(T), stored.Count == 0 ? DocumentIndex.None : stored[0].Index);
        return value;
    }

    public void Put<T>(DocumentKey key, T document, DocumentIndex? index = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(document);
        _cache[key] = new Entry(document, typeof(T), index ?? DocumentIndex.None);
        _dirty.Add(key);
    }

    public void Delete(DocumentKey key)
    {
        _cache[key] = new Entry(null, typeof(object), DocumentIndex.None);
        _dirty.Add(key);
    }

    public void Append<T>(DocumentKey key, T entry)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(entry);
        _history.Add(new PendingHistory(key, _position, _ordinal++, entry, typeof(T)));
    }

    public ProjectionBatch BuildBatch(long expectedCheckpoint, long newCheckpoint, DateTimeOffset? lastRecordedAt)
    {
        var documents = new List<DocumentChange>(_dirty.Count);
        foreach (var key in _dirty)
        {
            var entry = _cache[key];
            documents.Add(new DocumentChange(
                key,
                entry.Value is null ? null : JsonSerializer.Serialize(entry.Value, entry.Type, ReadModelJson.Options),
                entry.Index));
        }

        var history = _history
            .Select(h => new StoredHistoryRow(h.Key, h.Position, h.Ordinal, JsonSerializer.Serialize(h.Entry, h.Type, ReadModelJson.Options)))
            .ToList();
        return new ProjectionBatch(expectedCheckpoint, newCheckpoint, lastRecordedAt, documents, history);
    }

    public void Committed()
    {
        _dirty.Clear();
        _history.Clear();
        if (_cache.Count > cacheCapacity)
        {
            _cache.Clear();
            _cacheHoldsEverything = false;
        }
    }

    public void Abandon()
    {
        _dirty.Clear();
        _history.Clear();
        _cache.Clear();
        _cacheHoldsEverything = false;
    }

    private sealed record Entry(object? Value, Type Type, DocumentIndex Index);

    private sealed record PendingHistory(DocumentKey Key, long Position, int Ordinal, object Entry, Type Type);
}
