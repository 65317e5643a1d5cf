using System.Collections.Concurrent;
using LedgerReconcile.EventStore.Sqlite;
using Microsoft.Data.Sqlite;

namespace LedgerReconcile.EventStore.Tests.Sqlite;

/// <summary>What only the SQLite store promises: its file, its schema versions, and two writers on one file.</summary>
public sealed class SqliteEventStoreTests : IDisposable
{
    private static readonly EventMetadata Metadata = new("msp-1", "alice@example.com", "corr-1");
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ledger-store-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task OpeningCreatesTheFolderAndAVersionedWalFile()
    {
        var path = Path.Combine(_folder, "nested", "data", "ledger.db");

        await using (var store = await SqliteEventStore.OpenAsync(new SqliteStoreOptions(path)))
        {
            await store.AppendToStreamAsync("order-1", ExpectedRevision.NoStream, [NewEvent()]);
            Assert.Contains(path, store.ConnectionString, StringComparison.Ordinal);
        }

        Assert.True(File.Exists(path));
        await using var connection = await OpenAsync(path);
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
        Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task ReopeningKeepsTheEventsAndTheirChain()
    {
        var path = Path.Combine(_folder, "ledger.db");
        await using (var first = await SqliteEventStore.OpenAsync(new SqliteStoreOptions(path) { Durable = false }))
        {
            await first.AppendToStreamAsync("order-1", ExpectedRevision.NoStream, [NewEvent(), NewEvent()]);
        }

        await using var reopened = await SqliteEventStore.OpenAsync(new SqliteStoreOptions(path));
        var result = await reopened.AppendToStreamAsync("order-1", ExpectedRevision.Exact(1), [NewEvent()]);

        Assert.Equal(new AppendResult(2, 3), result);
        var verification = await reopened.VerifyAsync();
        Assert.True(verification.IsIntact);
        Assert.Equal(3, verification.EventsChecked);
    }

    [Fact]
    public async Task AFileFromANewerSchemaIsRefused()
    {
        var path = Path.Combine(_folder, "ledger.db");
        await using (await SqliteEventStore.OpenAsync(new SqliteStoreOptions(path)))
        {
        }

        await using (var connection = await OpenAsync(path))
        {
            await ScalarAsync(connection, "PRAGMA user_version = 99;");
        }

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteEventStore.OpenAsync(new SqliteStoreOptions(path)));
        Assert.Contains("99", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoredEventsCannotBeChangedOrDeletedThroughSql()
    {
        var path = Path.Combine(_folder, "ledger.db");
        await using var store = await SqliteEventStore.OpenAsync(new SqliteStoreOptions(path));
        await store.AppendToStreamAsync("order-1", ExpectedRevision.NoStream, [NewEvent()]);
        await using var connection = new SqliteConnection(store.ConnectionString);
        await connection.OpenAsync();

        await Assert.ThrowsAsync<SqliteException>(() => ScalarAsync(connection, "UPDATE events SET type = 'forged.v1';"));
        await Assert.ThrowsAsync<SqliteException>(() => ScalarAsync(connection, "DELETE FROM events;"));

        Assert.Equal("test.happened.v1", (await ReadAllAsync(store)).Single().Type);
    }

    [Fact]
    public async Task DeletingAnEventBehindTheTriggersBreaksTheWholeStoreChain()
    {
        var path = Path.Combine(_folder, "ledger.db");
        await using var store = await SqliteEventStore.OpenAsync(new SqliteStoreOptions(path));
        await store.AppendToStreamAsync("order-1", ExpectedRevision.NoStream, [NewEvent(), NewEvent()]);
        await store.AppendToStreamAsync("order-2", ExpectedRevision.NoStream, [NewEvent()]);
        await store.AppendToStreamAsync("order-1", ExpectedRevision.Exact(1), [NewEvent()]);

        await using (var connection = await OpenAsync(path))
        {
            await ScalarAsync(connection, "DROP TRIGGER events_no_delete;");
            await ScalarAsync(connection, "DELETE FROM events WHERE position = 3;");
        }

        var whole = await store.VerifyAsync();
        Assert.False(whole.IsIntact);
        Assert.Equal(4, whole.FirstBrokenLink!.Position);
        Assert.True((await store.VerifyAsync("order-1")).IsIntact);
    }

    [Fact]
    public async Task TwoStoresOnOneFileSerialiseTheirAppendsAndASubscriberSkipsNothing()
    {
        const int appendsPerWriter = 150;
        var path = Path.Combine(_folder, "ledger.db");
        await using var a = await SqliteEventStore.OpenAsync(new SqliteStoreOptions(path) { Durable = false });
        await using var b = await SqliteEventStore.OpenAsync(new SqliteStoreOptions(path) { Durable = false });
        var wins = new ConcurrentBag<long>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var subscription = a.SubscribeToAllAsync(0, null, timeout.Token).GetAsyncEnumerator(timeout.Token);
        var seen = Task.Run(async () =>
        {
            var positions = new List<long>();
            while (positions.Count < 4 * appendsPerWriter && await subscription.MoveNextAsync())
            {
                if (subscription.Current is SubscriptionMessage.Event e)
                {
                    positions.Add(e.Record.Position);
                }
            }

            return positions;
        });

        async Task WriteAsync(IEventStore store, string name)
        {
            for (var i = 0; i < appendsPerWriter; i++)
            {
                var e = NewEvent();
                var known = await store.ReadStreamRevisionAsync("shared");
                while (true)
                {
                    try
                    {
                        wins.Add((await store.AppendToStreamAsync("shared", ExpectedRevision.FromCurrent(known), [e])).NextExpectedRevision);
                        await store.AppendToStreamAsync($"own-{name}", ExpectedRevision.Any, [NewEvent()]);
                        break;
                    }
                    catch (WrongExpectedRevisionException conflict)
                    {
                        known = conflict.ActualRevision;
                    }
                }
            }
        }

        await Task.WhenAll(Task.Run(() => WriteAsync(a, "a")), Task.Run(() => WriteAsync(b, "b")));

        var all = await ReadAllAsync(a);
        Assert.Equal(Enumerable.Range(1, 4 * appendsPerWriter).Select(p => (long)p), await seen);
        Assert.Equal(Enumerable.Range(0, 2 * appendsPerWriter).Select(r => (long)r), wins.Order());
        Assert.Equal(Enumerable.Range(1, 4 * appendsPerWriter).Select(p => (long)p), all.Select(e => e.Position));
        Assert.Equal(Enumerable.Range(0, 2 * appendsPerWriter).Select(r => (long)r), all.Where(e => e.Stream == "shared").Select(e => e.Revision));
        Assert.All(all.Zip(all.Skip(1)), pair => Assert.True(pair.First.RecordedAt <= pair.Second.RecordedAt));
        Assert.True((await b.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task ASubscriptionSeesEventsAnotherWriterOnTheFileCommits()
    {
        var path = Path.Combine(_folder, "ledger.db");
        await using var reader = await SqliteEventStore.OpenAsync(new SqliteStoreOptions(path));
        await using var writer = await SqliteEventStore.OpenAsync(new SqliteStoreOptions(path));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var subscription = reader.SubscribeToAllAsync(0, null, timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await subscription.MoveNextAsync());
        Assert.Equal(new SubscriptionMessage.CaughtUp(0), subscription.Current);

        var appended = NewEvent();
        await writer.AppendToStreamAsync("order-1", ExpectedRevision.NoStream, [appended]);

        Assert.True(await subscription.MoveNextAsync());
        var delivered = Assert.IsType<SubscriptionMessage.Event>(subscription.Current);
        Assert.Equal(appended.EventId, delivered.Record.EventId);
    }

    private static EventData NewEvent() =>
        new(Guid.CreateVersion7(), "test.happened.v1", """{"kind":"test"}"""u8.ToArray(), Metadata, DateTimeOffset.UtcNow);

    private static async Task<List<RecordedEvent>> ReadAllAsync(IEventStore store)
    {
        var read = new List<RecordedEvent>();
        await foreach (var e in store.ReadAllAsync(0))
        {
            read.Add(e);
        }

        return read;
    }

    private static async Task<SqliteConnection> OpenAsync(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
