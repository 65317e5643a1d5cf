using System.Globalization;
using System.Runtime.CompilerServices;
using LedgerReconcile.Projections.ReadModels;
using LedgerReconcile.Projections.Storage;
using Microsoft.Data.Sqlite;

namespace LedgerReconcile.EventStore.Sqlite.ReadModels;

/// <summary>The reads of the query side: documents, history rows, and dumps for comparisons and exports.</summary>
public sealed partial class SqliteReadModelDatabase
{
    /// <inheritdoc />
    public async Task<StoredDocument?> GetDocumentAsync(TableSet set, DocumentKey key, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = Command(connection, null,
            $"SELECT tenant, kind, key, json, parent, status, facet, rank_exact FROM {set.DocumentsTable} WHERE tenant = $t AND kind = $k AND key = $key");
        select.Parameters.AddWithValue("$t", key.Tenant);
        select.Parameters.AddWithValue("$k", key.Kind);
        select.Parameters.AddWithValue("$key", key.Key);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadDocument(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredDocument>> QueryDocumentsAsync(TableSet set, DocumentQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = connection.CreateCommand();
        var where = new List<string> { "tenant = $t", "kind = $k" };
        select.Parameters.AddWithValue("$t", query.Tenant);
        select.Parameters.AddWithValue("$k", query.Kind);
        if (query.Parent is not null)
        {
            where.Add("parent = $parent");
            select.Parameters.AddWithValue("$parent", query.Parent);
        }

        if (query.Facet is not null)
        {
            where.Add("facet = $facet");
            select.Parameters.AddWithValue("$facet", query.Facet);
        }

        if (query.Statuses is { Count: > 0 } statuses)
        {
            var names = statuses.Select((s, i) => "$s" + i.ToString(CultureInfo.InvariantCulture)).ToList();
            where.Add($"status IN ({string.Join(", ", names)})");
            for (var i = 0; i < statuses.Count; i++)
            {
                select.Parameters.AddWithValue(names[i], statuses[i]);
            }
        }

        var order = query.OrderByRankDescending ? "rank IS NULL, rank DESC, key" : "key";
        select.CommandText = $"""
            SELECT tenant, kind, key, json, parent, status, facet, rank_exact FROM {set.DocumentsTable}
            WHERE {string.Join(" AND ", where)} ORDER BY {order} LIMIT $limit OFFSET $offset
            """;
        select.Parameters.AddWithValue("$limit", query.Limit);
        select.Parameters.AddWithValue("$offset", query.Offset);
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
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = Command(connection, null, $"""
            SELECT tenant, kind, key, position, ordinal, json FROM {set.HistoryTable}
            WHERE tenant = $t AND kind = $k AND key = $key AND position > $after
            ORDER BY position, ordinal LIMIT $limit
            """);
        select.Parameters.AddWithValue("$t", key.Tenant);
        select.Parameters.AddWithValue("$k", key.Kind);
        select.Parameters.AddWithValue("$key", key.Key);
        select.Parameters.AddWithValue("$after", afterPosition);
        select.Parameters.AddWithValue("$limit", limit);
        return await select.ReadRowsAsync(StoredRowReader.ReadHistory, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredDocument> DumpDocumentsAsync(TableSet set, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = Command(connection, null,
            $"SELECT tenant, kind, key, json, parent, status, facet, rank_exact FROM {set.DocumentsTable} ORDER BY tenant, kind, key");
        await foreach (var row in select.StreamRowsAsync(ReadDocument, cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredHistoryRow> DumpHistoryAsync(TableSet set, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = Command(connection, null,
            $"SELECT tenant, kind, key, position, ordinal, json FROM {set.HistoryTable} ORDER BY tenant, kind, key, position, ordinal");
        await foreach (var row in select.StreamRowsAsync(StoredRowReader.ReadHistory, cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }
}
