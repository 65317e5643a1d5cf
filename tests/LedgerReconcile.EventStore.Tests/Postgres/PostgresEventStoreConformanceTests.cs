using LedgerReconcile.EventStore.Postgres;
using LedgerReconcile.EventStore.Tests.Conformance;
using LedgerReconcile.Testing;
using Npgsql;

namespace LedgerReconcile.EventStore.Tests.Postgres;

public sealed class PostgresEventStoreConformanceTests : EventStoreConformance
{
    private readonly Dictionary<IEventStore, string> _connectionStrings = new(ReferenceEqualityComparer.Instance);
    private readonly List<string> _databases = [];

    protected override async Task<IEventStore> CreateStoreAsync() => await OpenAsync(await NewDatabaseAsync(), null);

    protected override async Task<IEventStore?> CreateStoreWithClockAsync(TimeProvider clock) => await OpenAsync(await NewDatabaseAsync(), clock);

    protected override async Task<IEventStore> ReopenStoreAsync(IEventStore store)
    {
        var connectionString = _connectionStrings[store];
        await ((PostgresEventStore)store).DisposeAsync();
        _connectionStrings.Remove(store);
        await UntilEveryOtherSessionEndedAsync(connectionString);
        return await OpenAsync(connectionString, null);
    }

    // A killed writer's COMMIT may still be finishing on the server when the client process is gone: only once its
    // backend has exited is the outcome final, so the reopened store must not read before that.
    private static async Task UntilEveryOtherSessionEndedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var others = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((long)(await others.ExecuteScalarAsync())! > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "Another session on the test database did not end within 30 s of the writer's death.");
            await Task.Delay(20);
        }
    }

    protected override string CrashProbeStoreArgument(IEventStore store) => "postgres:" + _connectionStrings[store];

    protected override async Task CorruptStoredByteAsync(IEventStore store, long position, string column)
    {
        // Someone with owner rights on the database: the append-only trigger does not stop them, the hash chain must show it.
        var change = column switch
        {
            "data" or "metadata" or "hash" => $"{column} = set_byte({column}, length({column}) / 2, get_byte({column}, length({column}) / 2) # 1)",
            "type" or "stream" =>
                $"{column} = convert_from(set_byte(convert_to({column}, 'UTF8'), octet_length({column}) - 1, get_byte(convert_to({column}, 'UTF8'), octet_length({column}) - 1) # 1), 'UTF8')",
            "occurred_at" => "occurred_at = occurred_at # 1",
            _ => throw new ArgumentOutOfRangeException(nameof(column), column, "Not a stored column."),
        };

        await using var connection = new NpgsqlConnection(_connectionStrings[store]);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, "ALTER TABLE ledger.events DISABLE TRIGGER events_append_only");
        await using (var update = new NpgsqlCommand($"UPDATE ledger.events SET {change} WHERE position = $1", connection))
        {
            update.Parameters.Add(new() { Value = position });
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        await ExecuteAsync(connection, "ALTER TABLE ledger.events ENABLE TRIGGER events_append_only");
        await transaction.CommitAsync();
    }

    protected override async Task OverwriteStoredColumnAsync(IEventStore store, long position, string column, object value)
    {
        if (column is not ("data" or "metadata" or "type" or "occurred_at"))
            throw new ArgumentOutOfRangeException(nameof(column), column, "Not a stored column.");
        await using var connection = new NpgsqlConnection(_connectionStrings[store]);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, "ALTER TABLE ledger.events DISABLE TRIGGER events_append_only");
        await using (var update = new NpgsqlCommand($"UPDATE ledger.events SET {column} = $1 WHERE position = $2", connection))
        {
            update.Parameters.Add(new() { Value = value });
            update.Parameters.Add(new() { Value = position });
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        await ExecuteAsync(connection, "ALTER TABLE ledger.events ENABLE TRIGGER events_append_only");
        await transaction.CommitAsync();
    }

    protected override async Task CleanUpAsync()
    {
        var cluster = await PostgresCluster.SharedAsync();
        foreach (var database in _databases)
        {
            await cluster.DropDatabaseAsync(database);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string> NewDatabaseAsync()
    {
        var connectionString = await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync("conformance");
        _databases.Add(connectionString);
        return connectionString;
    }

    private async Task<IEventStore> OpenAsync(string connectionString, TimeProvider? clock)
    {
        var store = await PostgresEventStore.OpenAsync(new PostgresStoreOptions(connectionString), clock);
        _connectionStrings[store] = connectionString;
        return store;
    }
}
