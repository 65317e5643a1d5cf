using System.Data.Common;
using System.Globalization;
using LedgerReconcile.EventStore.Storage;
using LedgerReconcile.Projections.Storage;
using Microsoft.Data.Sqlite;

namespace LedgerReconcile.EventStore.Sqlite.ReadModels;

/// <summary>Read models in the SQLite file of the event store, so rows and checkpoint commit with one fsync.</summary>
public sealed partial class SqliteReadModelDatabase : IReadModelDatabase
{
    private readonly string _connectionString;
    private readonly string _lockFilePrefix;
    private readonly TimeProvider _time;
    private volatile bool _registryReady;

    /// <param name="connectionString">The store's connection string (a file; an in-memory database cannot be shared).</param>
    /// <param name="time">Clock for the registry's bookkeeping columns.</param>
    public SqliteReadModelDatabase(string connectionString, TimeProvider? time = null)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            Pooling = true,
            DefaultTimeout = 60,
        };
        if (string.IsNullOrEmpty(builder.DataSource) || builder.Mode == SqliteOpenMode.Memory || builder.DataSource == ":memory:")
        {
            throw new ArgumentException("Read models need the store's SQLite file, not an in-memory database.", nameof(connectionString));
        }

        _connectionString = builder.ToString();
        _lockFilePrefix = Path.GetFullPath(builder.DataSource);
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_registryReady)
        {
            return;
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, """
            CREATE TABLE IF NOT EXISTS rm_table_sets (
                projection TEXT NOT NULL,
                generation INTEGER NOT NULL,
                version INTEGER NOT NULL,
                state TEXT NOT NULL,
                position INTEGER NOT NULL,
                last_recorded_at INTEGER NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (projection, generation));
            CREATE UNIQUE INDEX IF NOT EXISTS rm_table_sets_one_active ON rm_table_sets (projection) WHERE state = 'active';
            """, cancellationToken).ConfigureAwait(false);
        _registryReady = true;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TableSet>> ReadTableSetsAsync(string projection, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadTableSetsAsync(connection, null, projection, cancellationToken).ConfigureAwait(false);
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
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var existing = await ReadTableSetsAsync(connection, transaction, projection, cancellationToken).ConfigureAwait(false);
        var set = new TableSet(projection, version, existing.Count == 0 ? 1 : existing.Max(s => s.Generation) + 1, state, 0);
        await ExecuteAsync(connection, transaction, $"""
            CREATE TABLE {set.DocumentsTable} (
                tenant TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, json TEXT NOT NULL,
                parent TEXT NULL, status TEXT NULL, facet TEXT NULL, rank REAL NULL, rank_exact TEXT NULL,
                PRIMARY KEY (tenant, kind, key)) WITHOUT ROWID;
            CREATE INDEX {set.DocumentsTable}_parent ON {set.DocumentsTable} (tenant, kind, parent);
            CREATE INDEX {set.DocumentsTable}_status ON {set.DocumentsTable} (tenant, kind, status, rank);
            CREATE INDEX {set.DocumentsTable}_rank ON {set.DocumentsTable} (tenant, kind, rank);
            CREATE TABLE {set.HistoryTable} (
                tenant TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,
                position INTEGER NOT NULL, ordinal INTEGER NOT NULL, json TEXT NOT NULL,
                PRIMARY KEY (tenant, kind, key, position, ordinal)) WITHOUT ROWID;
            """, cancellationToken).ConfigureAwait(false);

        await using (var insert = Command(connection, transaction, """
            INSERT INTO rm_table_sets (projection, generation, version, state, position, updated_at)
            VALUES ($projection, $generation, $version, $state, 0, $now)
            """))
        {
            insert.Parameters.AddWithValue("$projection", projection);
            insert.Parameters.AddWithValue("$generation", set.Generation);
            insert.Parameters.AddWithValue("$version", version);
            insert.Parameters.AddWithValue("$state", StoredRowReader.StateName(state));
            insert.Parameters.AddWithValue("$now", Now());
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return set;
    }

    /// <inheritdoc />
    public async Task<bool> ActivateAsync(TableSet building, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var still = Command(connection, transaction,
            "SELECT count(*) FROM rm_table_sets WHERE projection = $p AND generation = $g AND state = 'building'");
        still.Parameters.AddWithValue("$p", building.Projection);
        still.Parameters.AddWithValue("$g", building.Generation);
        if (Convert.ToInt64(await still.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
        {
            return false;
        }

        await using var swap = Command(connection, transaction, """
            UPDATE rm_table_sets SET state = 'retired', updated_at = $now WHERE projection = $p AND state = 'active';
            UPDATE rm_table_sets SET state = 'active', updated_at = $now WHERE projection = $p AND generation = $g;
            """);
        swap.Parameters.AddWithValue("$p", building.Projection);
        swap.Parameters.AddWithValue("$g", building.Generation);
        swap.Parameters.AddWithValue("$now", Now());
        await swap.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task DropTableSetAsync(TableSet set, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction,
            $"DROP TABLE IF EXISTS {set.DocumentsTable}; DROP TABLE IF EXISTS {set.HistoryTable};", cancellationToken).ConfigureAwait(false);
        await using var forget = Command(connection, transaction, "DELETE FROM rm_table_sets WHERE projection = $p AND generation = $g");
        forget.Parameters.AddWithValue("$p", set.Projection);
        forget.Parameters.AddWithValue("$g", set.Generation);
        await forget.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadModelLaneConnection> OpenLaneAsync(TableSet set, CancellationToken cancellationToken = default)
    {
        // A lane keeps its own unpooled connection, so its relaxed durability never reaches another connection. Rows
        // and checkpoint commit together, so a commit lost to a power cut is simply applied again from the previous
        // checkpoint: NORMAL (no fsync per commit in WAL) is enough for derived data.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, null, "PRAGMA busy_timeout = 60000; PRAGMA synchronous = NORMAL;", cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new SqliteLaneConnection(connection, set, _time);
    }

    /// <inheritdoc />
    public Task<IReadModelLease?> TryAcquireLeaseAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadModelLease?>(FileLease.TryAcquire($"{_lockFilePrefix}.{name}.lock"));

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // SQLite keeps the rank as text, so that decimals round-trip exactly.
    internal static StoredDocument ReadDocument(DbDataReader reader) =>
        StoredRowReader.ReadDocument(reader, static (row, column) => decimal.Parse(row.GetString(column), NumberStyles.Number, CultureInfo.InvariantCulture));

    internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static async Task<IReadOnlyList<TableSet>> ReadTableSetsAsync(
        SqliteConnection connection,
        SqliteTransaction? transaction,
        string projection,
        CancellationToken cancellationToken)
    {
        await using var select = Command(connection, transaction,
            "SELECT version, generation, state, position FROM rm_table_sets WHERE projection = $p ORDER BY generation DESC");
        select.Parameters.AddWithValue("$p", projection);
        return await select.ReadRowsAsync(row => StoredRowReader.ReadTableSet(row, projection), cancellationToken)
            .ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private long Now() => StoreTime.ToMicroseconds(_time.GetUtcNow());

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            await ExecuteAsync(connection, null, "PRAGMA busy_timeout = 60000;", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
