using System.Text;
using LedgerReconcile.EventStore.Sqlite;
using LedgerReconcile.EventStore.Tests.Conformance;
using Microsoft.Data.Sqlite;

namespace LedgerReconcile.EventStore.Tests.Sqlite;

public sealed class SqliteEventStoreConformanceTests : EventStoreConformance
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ledger-store-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<IEventStore, string> _paths = new(ReferenceEqualityComparer.Instance);

    protected override async Task<IEventStore> CreateStoreAsync() => await OpenAsync(NewPath(), null);

    protected override async Task<IEventStore?> CreateStoreWithClockAsync(TimeProvider clock) => await OpenAsync(NewPath(), clock);

    protected override async Task<IEventStore> ReopenStoreAsync(IEventStore store)
    {
        var path = _paths[store];
        await ((SqliteEventStore)store).DisposeAsync();
        _paths.Remove(store);
        return await OpenAsync(path, null);
    }

    protected override string CrashProbeStoreArgument(IEventStore store) => "sqlite:" + _paths[store];

    protected override async Task CorruptStoredByteAsync(IEventStore store, long position, string column)
    {
        // Someone with the file in hand: the append-only triggers do not stop them, the hash chain must show it.
        var builder = new SqliteConnectionStringBuilder(((SqliteEventStore)store).ConnectionString) { Pooling = false };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync();
        await ExecuteAsync(connection, "DROP TRIGGER IF EXISTS events_no_update;");

        await using var read = connection.CreateCommand();
        read.CommandText = $"SELECT {Column(column)} FROM events WHERE position = $position;";
        read.Parameters.AddWithValue("$position", position);
        object changed;
        await using (var reader = await read.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            changed = column switch
            {
                "occurred_at" => reader.GetInt64(0) ^ 1,
                "type" or "stream" => Encoding.UTF8.GetString(Flip(reader.GetFieldValue<byte[]>(0), ^1)),
                _ => Flip(reader.GetFieldValue<byte[]>(0), new Index(reader.GetFieldValue<byte[]>(0).Length / 2)),
            };
        }

        await using var update = connection.CreateCommand();
        update.CommandText = $"UPDATE events SET {Column(column)} = $value WHERE position = $position;";
        update.Parameters.AddWithValue("$value", changed);
        update.Parameters.AddWithValue("$position", position);
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
    }

    protected override async Task OverwriteStoredColumnAsync(IEventStore store, long position, string column, object value)
    {
        var builder = new SqliteConnectionStringBuilder(((SqliteEventStore)store).ConnectionString) { Pooling = false };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync();
        await ExecuteAsync(connection, "DROP TRIGGER IF EXISTS events_no_update;");
        await using var update = connection.CreateCommand();
        update.CommandText = $"UPDATE events SET {Column(column)} = $value WHERE position = $position;";
        update.Parameters.AddWithValue("$value", value);
        update.Parameters.AddWithValue("$position", position);
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
    }

    protected override Task CleanUpAsync()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    private static string Column(string column) =>
        column is "data" or "metadata" or "type" or "stream" or "hash" or "occurred_at"
            ? column
            : throw new ArgumentOutOfRangeException(nameof(column), column, "Not a stored column.");

    private static byte[] Flip(byte[] bytes, Index at)
    {
        bytes[at] ^= 0x01;
        return bytes;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private string NewPath() => Path.Combine(_folder, $"{Guid.NewGuid():N}.db");

    private async Task<IEventStore> OpenAsync(string path, TimeProvider? clock)
    {
        var store = await SqliteEventStore.OpenAsync(new SqliteStoreOptions(path), clock);
        _paths[store] = path;
        return store;
    }
}
