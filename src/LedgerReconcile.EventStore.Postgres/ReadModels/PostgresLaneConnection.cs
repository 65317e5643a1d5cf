using LedgerReconcile.EventStore.Storage;
using LedgerReconcile.Projections.ReadModels;
using LedgerReconcile.Projections.Storage;
using Npgsql;
using NpgsqlTypes;

namespace LedgerReconcile.EventStore.Postgres.ReadModels;

internal sealed class PostgresLaneConnection(NpgsqlConnection connection, TableSet set, TimeProvider time) : IReadModelLaneConnection
{
    public async Task<IReadOnlyList<StoredDocument>> LoadDocumentsAsync(IReadOnlyCollection<DocumentKey> keys, CancellationToken cancellationToken = default)
    {
        await using var select = new NpgsqlCommand($"""
            SELECT d.tenant, d.kind, d.key, d.json, d.parent, d.status, d.facet, d.rank
            FROM {set.DocumentsTable} d JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(tenant, kind, key)
              ON d.tenant = k.tenant AND d.kind = k.kind AND d.key = k.key
            """, connection);
        select.Parameters.Add(TextArray(keys.Select(k => k.Tenant)));
        select.Parameters.Add(TextArray(keys.Select(k => k.Kind)));
        select.Parameters.Add(TextArray(keys.Select(k => k.Key)));
        var found = new List<StoredDocument>(keys.Count);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add(PostgresReadModelDatabase.ReadDocument(reader));
        }

        return found;
    }

    public async Task<CommitOutcome> CommitAsync(ProjectionBatch batch, TableSetState expectedState, CancellationToken cancellationToken = default)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var checkpoint = new NpgsqlCommand("""
            UPDATE rm_table_sets SET position = $1, last_recorded_at = coalesce($2, last_recorded_at), updated_at = $3
            WHERE projection = $4 AND generation = $5 AND position = $6 AND state = $7
            """, connection))
        {
            checkpoint.Parameters.Add(new() { Value = batch.NewCheckpoint });
            checkpoint.Parameters.Add(new() { Value = batch.LastRecordedAt is { } r ? StoreTime.ToMicroseconds(r) : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
            checkpoint.Parameters.Add(new() { Value = StoreTime.ToMicroseconds(time.GetUtcNow()) });
            checkpoint.Parameters.Add(new() { Value = set.Projection });
            checkpoint.Parameters.Add(new() { Value = set.Generation });
            checkpoint.Parameters.Add(new() { Value = batch.ExpectedCheckpoint });
            checkpoint.Parameters.Add(new() { Value = StoredRowReader.StateName(expectedState) });
            if (await checkpoint.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return CommitOutcome.Conflict;
            }
        }

        await using var writes = new NpgsqlBatch(connection, transaction);
        var upserts = batch.Documents.Where(d => d.Json is not null).ToList();
        if (upserts.Count > 0)
        {
            var upsert = new NpgsqlBatchCommand($"""
                INSERT INTO {set.DocumentsTable} (tenant, kind, key, json, parent, status, facet, rank)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::numeric[])
                ON CONFLICT (tenant, kind, key) DO UPDATE SET json = excluded.json, parent = excluded.parent,
                    status = excluded.status, facet = excluded.facet, rank = excluded.rank
                """);
            upsert.Parameters.Add(TextArray(upserts.Select(d => d.Key.Tenant)));
            upsert.Parameters.Add(TextArray(upserts.Select(d => d.Key.Kind)));
            upsert.Parameters.Add(TextArray(upserts.Select(d => d.Key.Key)));
            upsert.Parameters.Add(TextArray(upserts.Select(d => d.Json)));
            upsert.Parameters.Add(TextArray(upserts.Select(d => d.Index.Parent)));
            upsert.Parameters.Add(TextArray(upserts.Select(d => d.Index.Status)));
            upsert.Parameters.Add(TextArray(upserts.Select(d => d.Index.Facet)));
            upsert.Parameters.Add(new NpgsqlParameter { Value = upserts.Select(d => d.Index.Rank).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Numeric });
            writes.BatchCommands.Add(upsert);
        }

        var deletes = batch.Documents.Where(d => d.Json is null).ToList();
        if (deletes.Count > 0)
        {
            var delete = new NpgsqlBatchCommand($"""
                DELETE FROM {set.DocumentsTable} d USING unnest($1::text[], $2::text[], $3::text[]) AS k(tenant, kind, key)
                WHERE d.tenant = k.tenant AND d.kind = k.kind AND d.key = k.key
                """);
            delete.Parameters.Add(TextArray(deletes.Select(d => d.Key.Tenant)));
            delete.Parameters.Add(TextArray(deletes.Select(d => d.Key.Kind)));
            delete.Parameters.Add(TextArray(deletes.Select(d => d.Key.Key)));
            writes.BatchCommands.Add(delete);
        }

        if (batch.History.Count > 0)
        {
            var append = new NpgsqlBatchCommand($"""
                INSERT INTO {set.HistoryTable} (tenant, kind, key, position, ordinal, json)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::integer[], $6::text[])
                """);
            append.Parameters.Add(TextArray(batch.History.Select(h => h.Key.Tenant)));
            append.Parameters.Add(TextArray(batch.History.Select(h => h.Key.Kind)));
            append.Parameters.Add(TextArray(batch.History.Select(h => h.Key.Key)));
            append.Parameters.Add(new NpgsqlParameter { Value = batch.History.Select(h => h.Position).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            append.Parameters.Add(new NpgsqlParameter { Value = batch.History.Select(h => h.Ordinal).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            append.Parameters.Add(TextArray(batch.History.Select(h => h.Json)));
            writes.BatchCommands.Add(append);
        }

        if (writes.BatchCommands.Count > 0)
        {
            await writes.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return CommitOutcome.Committed;
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    private static NpgsqlParameter TextArray(IEnumerable<string?> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}
