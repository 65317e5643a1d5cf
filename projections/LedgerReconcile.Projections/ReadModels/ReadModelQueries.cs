using System.Data.Common;
using System.Text.Json;
using LedgerReconcile.Projections.Storage;

namespace LedgerReconcile.Projections.ReadModels;

/// <summary>The projection has no active table set yet (first start still running); the API answers 503.</summary>
public sealed class ReadModelNotReadyException(string projection)
    : Exception($"Read model '{projection}' is not ready yet.")
{
    /// <summary>The projection.</summary>
    public string Projection { get; } = projection;
}

/// <summary>A document with its indexed columns.</summary>
public sealed record ReadModelDocument<T>(DocumentKey Key, T Value, DocumentIndex Index);

/// <summary>A history row with the global position of the event that wrote it.</summary>
public sealed record ReadModelHistoryEntry<T>(long Position, T Value);

/// <summary>
/// The query side: reads the active table set of a projection. A rebuild swaps sets between two calls, never in the
/// middle of one: a query that looked a set up just before a swap still reads it (retired sets are dropped only at the
/// next rebuild), and one that lost the race to a drop is retried on the new set.
/// </summary>
public sealed class ReadModelQueries(IReadModelDatabase database)
{
    /// <summary>The active set of a projection, or null when there is none yet.</summary>
    public async Task<TableSet?> ActiveSetAsync(string projection, CancellationToken cancellationToken = default) =>
        (await database.ReadTableSetsAsync(projection, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(s => s.State == TableSetState.Active);

    /// <summary>One document, or null.</summary>
    public Task<T?> GetAsync<T>(string projection, DocumentKey key, CancellationToken cancellationToken = default)
        where T : class =>
        OnActiveSetAsync(projection, async set =>
        {
            var stored = await database.GetDocumentAsync(set, key, cancellationToken).ConfigureAwait(false);
            return stored is null ? null : JsonSerializer.Deserialize<T>(stored.Json, ReadModelJson.Options);
        }, cancellationToken);

    /// <summary>Documents of one kind, filtered and ordered.</summary>
    public Task<IReadOnlyList<ReadModelDocument<T>>> QueryAsync<T>(string projection, DocumentQuery query, CancellationToken cancellationToken = default)
        where T : class =>
        OnActiveSetAsync<IReadOnlyList<ReadModelDocument<T>>>(projection, async set =>
            (await database.QueryDocumentsAsync(set, query, cancellationToken).ConfigureAwait(false))
                .Select(d => new ReadModelDocument<T>(d.Key, JsonSerializer.Deserialize<T>(d.Json, ReadModelJson.Options)!, d.Index))
                .ToList(),
            cancellationToken);

    /// <summary>History rows of one key, oldest first.</summary>
    public Task<IReadOnlyList<ReadModelHistoryEntry<T>>> HistoryAsync<T>(
        string projection,
        DocumentKey key,
        long afterPosition = 0,
        int limit = 10_000,
        CancellationToken cancellationToken = default)
        where T : class =>
        OnActiveSetAsync<IReadOnlyList<ReadModelHistoryEntry<T>>>(projection, async set =>
            (await database.ReadHistoryAsync(set, key, afterPosition, limit, cancellationToken).ConfigureAwait(false))
                .Select(h => new ReadModelHistoryEntry<T>(h.Position, JsonSerializer.Deserialize<T>(h.Json, ReadModelJson.Options)!))
                .ToList(),
            cancellationToken);

    private async Task<TResult> OnActiveSetAsync<TResult>(string projection, Func<TableSet, Task<TResult>> query, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var set = await ActiveSetAsync(projection, cancellationToken).ConfigureAwait(false)
                ?? throw new ReadModelNotReadyException(projection);
            try
            {
                return await query(set).ConfigureAwait(false);
            }
            catch (DbException) when (attempt == 0)
            {
                // The set may have been dropped between the look-up and the read; look it up again once.
            }
        }
    }
}
