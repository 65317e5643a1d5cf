using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using LedgerReconcile.EventStore.Storage;
using LedgerReconcile.Projections.Storage;
using Npgsql;

namespace LedgerReconcile.EventStore.Postgres.ReadModels;

/// <summary>
/// Read models in the PostgreSQL database of the event store. Several host processes may share it: a session-level
/// advisory lock per projection lets only one of them run it, and the checkpoint compare-and-set keeps the effect
/// exactly-once even if two ever overlap.
/// </summary>
public sealed partial class PostgresReadModelDatabase(NpgsqlDataSource dataSource, TimeProvider? time = null) : IReadModelDatabase
{
    private const string DocumentColumns = "tenant, kind, key, json, parent, status, facet, rank";
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private volatile bool _registryReady;

    /// <summary>The data source the read models use.</summary>
    public NpgsqlDataSource DataSource => dataSource;

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_registryReady)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Two hosts starting together would race on CREATE TABLE IF NOT EXISTS (a unique violation in pg_type).
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({LockKey("registry")})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS rm_table_sets (
                projection text NOT NULL,
                generation integer NOT NULL,
                version integer NOT NULL,
                state text NOT NULL,
                position bigint NOT NULL,
                last_recorded_at bigint NULL,
                updated_at bigint NOT NULL,
                PRIMARY KEY (projection, generation));
            CREATE UNIQUE INDEX IF NOT EXISTS rm_table_sets_one_active ON rm_table_sets (projection) WHERE state = 'active';
            """, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _registryReady = true;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TableSet>> ReadTableSetsAsync(string projection, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadTableSetsAsync(connection, projection, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<TableSet> CreateTableSetAsync(string projection, int version, TableSetState state, CancellationToken cancellationToken = default)
    {
        TableSet.ValidateProjectionName(projection);
        if (state == TableSetState.Retired)
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "A new table set is building or active.");
        }

        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({LockKey("registry:" + projection)})", cancellationToken).ConfigureAwait(false);
        var existing = await ReadTableSetsAsync(connection, projection, cancellationToken).ConfigureAwait(false);
        var set = new TableSet(projection, version, existing.Count == 0 ? 1 : existing.Max(s => s.Generation) + 1, state, 0);
        await ExecuteAsync(connection, $"""
            CREATE TABLE {set.DocumentsTable} (
                tenant text NOT NULL, kind text NOT NULL, key text NOT NULL, json text NOT NULL,
                parent text NULL, status text NULL, facet text NULL, rank numeric NULL,
                PRIMARY KEY (tenant, kind, key));
            CREATE INDEX {set.DocumentsTable}_parent ON {set.DocumentsTable} (tenant, kind, parent);
            CREATE INDEX {set.DocumentsTable}_status ON {set.DocumentsTable} (tenant, kind, status, rank);
            CREATE INDEX {set.DocumentsTable}_rank ON {set.DocumentsTable} (tenant, kind, rank);
            CREATE TABLE {set.HistoryTable} (
                tenant text NOT NULL, kind text NOT NULL, key text NOT NULL,
                position bigint NOT NULL, ordinal integer NOT NULL, json text NOT NULL,
                PRIMARY KEY (tenant, kind, key, position, ordinal));
            """, cancellationToken).ConfigureAwait(false);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO rm_table_sets (projection, generation, version, state, position, updated_at)
            VALUES ($1, $2, $3, $4, 0, $5)
            """, connection))
        {
            insert.Parameters.Add(new() { Value = projection });
            insert.Parameters.Add(new() { Value = set.Generation });
            insert.Parameters.Add(new() { Value = version });
            insert.Parameters.Add(new() { Value = StoredRowReader.StateName(state) });
            insert.Parameters.Add(new() { Value = Now() });
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return set;
    }

    /// <inheritdoc />
    public async Task<bool> ActivateAsync(TableSet building, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var still = new NpgsqlCommand(
            "SELECT 1 FROM rm_table_sets WHERE projection = $1 AND generation = $2 AND state = 'building' FOR UPDATE", connection);
        still.Parameters.Add(new() { Value = building.Projection });
        still.Parameters.Add(new() { Value = building.Generation });
        if (await still.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            return false;
        }

        await using var retire = new NpgsqlCommand(
            "UPDATE rm_table_sets SET state = 'retired', updated_at = $2 WHERE projection = $1 AND state = 'active'", connection);
        retire.Parameters.Add(new() { Value = building.Projection });
        retire.Parameters.Add(new() { Value = Now() });
        await retire.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await using var activate = new NpgsqlCommand(
            "UPDATE rm_table_sets SET state = 'active', updated_at = $3 WHERE projection = $1 AND generation = $2", connection);
        activate.Parameters.Add(new() { Value = building.Projection });
        activate.Parameters.Add(new() { Value = building.Generation });
        activate.Parameters.Add(new() { Value = Now() });
        await activate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task DropTableSetAsync(TableSet set, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"DROP TABLE IF EXISTS {set.DocumentsTable}; DROP TABLE IF EXISTS {set.HistoryTable};", cancellationToken).ConfigureAwait(false);
        await using var forget = new NpgsqlCommand("DELETE FROM rm_table_sets WHERE projection = $1 AND generation = $2", connection);
        forget.Parameters.Add(new() { Value = set.Projection });
        forget.Parameters.Add(new() { Value = set.Generation });
        await forget.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadModelLaneConnection> OpenLaneAsync(TableSet set, CancellationToken cancellationToken = default)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return new PostgresLaneConnection(connection, set, _time);
    }

    /// <inheritdoc />
    public async Task<IReadModelLease?> TryAcquireLeaseAsync(string name, CancellationToken cancellationToken = default) =>
        await AdvisoryLease.TryAcquireAsync(dataSource, LockKey("lease:" + name), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // PostgreSQL keeps the rank as numeric.
    internal static StoredDocument ReadDocument(DbDataReader reader) =>
        StoredRowReader.ReadDocument(reader, static (row, column) => row.GetDecimal(column));

    private static long LockKey(string name) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("ledger-reconcile:read-models:" + name)), 0);

    private static async Task<IReadOnlyList<TableSet>> ReadTableSetsAsync(NpgsqlConnection connection, string projection, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand(
            "SELECT version, generation, state, position FROM rm_table_sets WHERE projection = $1 ORDER BY generation DESC", connection);
        select.Parameters.Add(new() { Value = projection });
        return await select.ReadRowsAsync(row => StoredRowReader.ReadTableSet(row, projection), cancellationToken)
            .ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private long Now() => StoreTime.ToMicroseconds(_time.GetUtcNow());
}
