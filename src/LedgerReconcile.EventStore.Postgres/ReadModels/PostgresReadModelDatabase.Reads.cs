using System.Runtime.CompilerServices;
using LedgerReconcile.Projections.ReadModels;
using LedgerReconcile.Projections.Storage;
using Npgsql;
using NpgsqlTypes;

namespace LedgerReconcile.EventStore.Postgres.ReadModels;

/// <summary>The reads of the query side: documents, history rows, and dumps for comparisons and exports.</summary>
public sealed partial class PostgresReadModelDatabase
{
    /// <inheritdoc />
    public async Task<StoredDocument?> GetDocumentAsync(TableSet set, DocumentKey key, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var select = new NpgsqlCommand(
            $"SELECT {DocumentColumns} FROM {set.DocumentsTable} WHERE tenant = $1 AND kind = $2 AND key = $3", connection);
        select.Parameters.Add(new() { Value = key.Tenant });
        select.Parameters.Add(new() { Value = key.Kind });
        select.Parameters.Add(new() { Value = key.Key });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadDocument(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredDocument>> QueryDocumentsAsync(TableSet set, DocumentQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var select = new NpgsqlCommand { Connection = connection };
        var where = new List<string> { "tenant = $1", "kind = $2" };
        select.Parameters.Add(new() { Value = query.Tenant });
        select.Parameters.Add(new() { Value = query.Kind });
        if (query.Parent is not null)
        {
            select.Parameters.Add(new() { Value = query.Parent });
            where.Add($"parent = ${select.Parameters.Count}");
        }

        if (query.Facet is not null)
        {
            select.Parameters.Add(new() { Value = query.Facet });
            where.Add($"facet = ${select.Parameters.Count}");
        }

        if (query.Statuses is { Count: > 0 } statuses)
        {
            select.Parameters.Add(new() { Value = statuses.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            where.Add($"status = ANY(${select.Parameters.Count})");
        }

        select.Parameters.Add(new() { Value = query.Limit });
        select.Parameters.Add(new() { Value = query.Offset });
        var order = query.OrderByRankDescending ? "rank DESC NULLS LAST, key COLLATE \"C\"" : "key COLLATE \"C\"";
        select.CommandText = $"""
            SELECT {DocumentColumns} FROM {set.DocumentsTable} WHERE {string.Join(" AND ", where)}
            ORDER BY {order} LIMIT ${select.Parameters.Count - 1} OFFSET ${select.Parameters.Count}
            """;
        return await select.ReadRowsAsync(ReadDocument, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredHistoryRow>> ReadHistoryAsync(
        TableSet set,
        DocumentKey key,
        long afterPosition = 0,
        int limit = 10_000,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var select = new NpgsqlCommand($"""
            SELECT tenant, kind, key, position, ordinal, json FROM {set.HistoryTable}
            WHERE tenant = $1 AND kind = $2 AND key = $3 AND position > $4 ORDER BY position, ordinal LIMIT $5
            """, connection);
        select.Parameters.Add(new() { Value = key.Tenant });
        select.Parameters.Add(new() { Value = key.Kind });
        select.Parameters.Add(new() { Value = key.Key });
        select.Parameters.Add(new() { Value = afterPosition });
        select.Parameters.Add(new() { Value = limit });
        return await select.ReadRowsAsync(StoredRowReader.ReadHistory, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredDocument> DumpDocumentsAsync(TableSet set, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var select = new NpgsqlCommand(
            $"SELECT {DocumentColumns} FROM {set.DocumentsTable} ORDER BY tenant COLLATE \"C\", kind COLLATE \"C\", key COLLATE \"C\"", connection);
        await foreach (var row in select.StreamRowsAsync(ReadDocument, cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredHistoryRow> DumpHistoryAsync(TableSet set, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var select = new NpgsqlCommand(
            $"SELECT tenant, kind, key, position, ordinal, json FROM {set.HistoryTable} ORDER BY tenant COLLATE \"C\", kind COLLATE \"C\", key COLLATE \"C\", position, ordinal",
            connection);
        await foreach (var row in select.StreamRowsAsync(StoredRowReader.ReadHistory, cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }
}
