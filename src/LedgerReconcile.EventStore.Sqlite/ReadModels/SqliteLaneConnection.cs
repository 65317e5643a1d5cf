using System.Globalization;
using LedgerReconcile.EventStore.Storage;
using LedgerReconcile.Projections.ReadModels;
using LedgerReconcile.Projections.Storage;
using Microsoft.Data.Sqlite;

namespace LedgerReconcile.EventStore.Sqlite.ReadModels;

internal sealed class SqliteLaneConnection(SqliteConnection connection, TableSet set, TimeProvider time) : IReadModelLaneConnection
{
    private const int RowsPerStatement = 50;
    private const string DocumentConflict = """
        ON CONFLICT (tenant, kind, key) DO UPDATE SET json = excluded.json, parent = excluded.parent,
            status = excluded.status, facet = excluded.facet, rank = excluded.rank, rank_exact = excluded.rank_exact
        """;

    private static readonly string[] DocumentColumns = ["tenant", "kind", "key", "json", "parent", "status", "facet", "rank", "rank_exact"];
    private static readonly string[] HistoryColumns = ["tenant", "kind", "key", "position", "ordinal", "json"];

    private SqliteCommand? _select;

    public async Task<IReadOnlyList<StoredDocument>> LoadDocumentsAsync(IReadOnlyCollection<DocumentKey> keys, CancellationToken cancellationToken = default)
    {
        _select ??= Prepare(null, $"SELECT tenant, kind, key, json, parent, status, facet, rank_exact FROM {set.DocumentsTable} WHERE tenant = $t AND kind = $k AND key = $key", "$t", "$k", "$key");
        var found = new List<StoredDocument>(keys.Count);
        foreach (var key in keys)
        {
            _select.Parameters[0].Value = key.Tenant;
            _select.Parameters[1].Value = key.Kind;
            _select.Parameters[2].Value = key.Key;
            await using var reader = await _select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                found.Add(SqliteReadModelDatabase.ReadDocument(reader));
            }
        }

        return found;
    }

    public async Task<CommitOutcome> CommitAsync(ProjectionBatch batch, TableSetState expectedState, CancellationToken cancellationToken = default)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var checkpoint = SqliteReadModelDatabase.Command(connection, transaction, """
            UPDATE rm_table_sets SET position = $new, last_recorded_at = coalesce($recorded, last_recorded_at), updated_at = $now
            WHERE projection = $p AND generation = $g AND position = $expected AND state = $state
            """))
        {
            checkpoint.Parameters.AddWithValue("$new", batch.NewCheckpoint);
            checkpoint.Parameters.AddWithValue("$recorded", batch.LastRecordedAt is { } r ? StoreTime.ToMicroseconds(r) : DBNull.Value);
            checkpoint.Parameters.AddWithValue("$now", StoreTime.ToMicroseconds(time.GetUtcNow()));
            checkpoint.Parameters.AddWithValue("$p", set.Projection);
            checkpoint.Parameters.AddWithValue("$g", set.Generation);
            checkpoint.Parameters.AddWithValue("$expected", batch.ExpectedCheckpoint);
            checkpoint.Parameters.AddWithValue("$state", StoredRowReader.StateName(expectedState));
            if (await checkpoint.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return CommitOutcome.Conflict;
            }
        }

        var upserts = batch.Documents.Where(d => d.Json is not null).ToList();
        await WriteInChunksAsync(transaction, upserts, DocumentColumns, DocumentConflict, (change, parameters, at) =>
        {
            parameters[at].Value = change.Key.Tenant;
            parameters[at + 1].Value = change.Key.Kind;
            parameters[at + 2].Value = change.Key.Key;
            parameters[at + 3].Value = change.Json;
            parameters[at + 4].Value = (object?)change.Index.Parent ?? DBNull.Value;
            parameters[at + 5].Value = (object?)change.Index.Status ?? DBNull.Value;
            parameters[at + 6].Value = (object?)change.Index.Facet ?? DBNull.Value;
            parameters[at + 7].Value = change.Index.Rank is { } rank ? (double)rank : DBNull.Value;
            parameters[at + 8].Value = change.Index.Rank is { } exact ? exact.ToString(CultureInfo.InvariantCulture) : DBNull.Value;
        }, set.DocumentsTable, cancellationToken).ConfigureAwait(false);

        var deletes = batch.Documents.Where(d => d.Json is null).ToList();
        if (deletes.Count > 0)
        {
            await using var delete = Prepare(transaction,
                $"DELETE FROM {set.DocumentsTable} WHERE tenant = $t AND kind = $k AND key = $key", "$t", "$k", "$key");
            foreach (var change in deletes)
            {
                delete.Parameters[0].Value = change.Key.Tenant;
                delete.Parameters[1].Value = change.Key.Kind;
                delete.Parameters[2].Value = change.Key.Key;
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        // In key order, each B-tree page is visited once per batch instead of once per row.
        var history = batch.History
            .OrderBy(h => h.Key.Tenant, StringComparer.Ordinal)
            .ThenBy(h => h.Key.Kind, StringComparer.Ordinal)
            .ThenBy(h => h.Key.Key, StringComparer.Ordinal)
            .ThenBy(h => h.Position)
            .ThenBy(h => h.Ordinal)
            .ToList();
        await WriteInChunksAsync(transaction, history, HistoryColumns, "", (row, parameters, at) =>
        {
            parameters[at].Value = row.Key.Tenant;
            parameters[at + 1].Value = row.Key.Kind;
            parameters[at + 2].Value = row.Key.Key;
            parameters[at + 3].Value = row.Position;
            parameters[at + 4].Value = row.Ordinal;
            parameters[at + 5].Value = row.Json;
        }, set.HistoryTable, cancellationToken).ConfigureAwait(false);

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return CommitOutcome.Committed;
    }

    public async ValueTask DisposeAsync()
    {
        if (_select is not null)
        {
            await _select.DisposeAsync().ConfigureAwait(false);
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Inserts rows many to a statement: per-statement overhead, not SQLite, is what limits a rebuild.
    /// </summary>
    private async Task WriteInChunksAsync<T>(
        SqliteTransaction transaction,
        IReadOnlyList<T> rows,
        string[] columns,
        string conflict,
        Action<T, SqliteParameterCollection, int> bind,
        string table,
        CancellationToken cancellationToken)
    {
        SqliteCommand? full = null;
        try
        {
            for (var start = 0; start < rows.Count; start += RowsPerStatement)
            {
                var count = Math.Min(RowsPerStatement, rows.Count - start);
                var command = count == RowsPerStatement && full is not null ? full : MultiRowInsert(transaction, table, columns, conflict, count);
                if (count == RowsPerStatement)
                {
                    full = command;
                }

                for (var i = 0; i < count; i++)
                {
                    bind(rows[start + i], command.Parameters, i * columns.Length);
                }

                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                if (command != full)
                {
                    await command.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private SqliteCommand MultiRowInsert(SqliteTransaction transaction, string table, string[] columns, string conflict, int rows)
    {
        var names = new List<string>(rows * columns.Length);
        var values = new List<string>(rows);
        for (var row = 0; row < rows; row++)
        {
            var tuple = columns.Select(c => $"$p{names.Count + Array.IndexOf(columns, c)}").ToList();
            names.AddRange(tuple);
            values.Add("(" + string.Join(", ", tuple) + ")");
        }

        return Prepare(transaction, $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES {string.Join(", ", values)} {conflict}", [.. names]);
    }

    private SqliteCommand Prepare(SqliteTransaction? transaction, string sql, params string[] parameters)
    {
        var command = SqliteReadModelDatabase.Command(connection, transaction, sql);
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }
}
