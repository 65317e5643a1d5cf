using LedgerReconcile.EventStore;
using LedgerReconcile.EventStore.Postgres;
using LedgerReconcile.EventStore.Postgres.ReadModels;
using LedgerReconcile.EventStore.Sqlite;
using LedgerReconcile.EventStore.Sqlite.ReadModels;
using LedgerReconcile.Projections.ReadModels;
using LedgerReconcile.Projections.Running;
using LedgerReconcile.Projections.Storage;
using LedgerReconcile.Testing;

namespace LedgerReconcile.Projections.Tests.Support;

public enum StoreKind
{
    Sqlite,
    Postgres,
}

/// <summary>A real store (a SQLite file or a fresh PostgreSQL database) with the read-model database beside it.</summary>
public sealed class TestLedger : IAsyncDisposable
{
    private readonly string _location;
    private readonly string? _folder;

    private TestLedger(StoreKind kind, string location, string? folder, IEventStore store, TimeProvider? time)
    {
        Kind = kind;
        _location = location;
        _folder = folder;
        Store = store;
        Time = time;
        Database = store switch
        {
            SqliteEventStore sqlite => new SqliteReadModelDatabase(sqlite.ConnectionString, time),
            PostgresEventStore postgres => new PostgresReadModelDatabase(postgres.DataSource, time),
            _ => throw new NotSupportedException(store.GetType().Name),
        };
        Queries = new ReadModelQueries(Database);
    }

    public StoreKind Kind { get; }

    public IEventStore Store { get; }

    public IReadModelDatabase Database { get; }

    public ReadModelQueries Queries { get; }

    public TimeProvider? Time { get; }

    public static ProjectionRunnerOptions FastOptions(int batchSize = 500) => new()
    {
        BatchSize = batchSize,
        LeaseRetryInterval = TimeSpan.FromMilliseconds(100),
        FailureRetryDelay = TimeSpan.FromMilliseconds(100),
    };

    public static async Task<TestLedger> CreateAsync(StoreKind kind, TimeProvider? time = null)
    {
        if (kind == StoreKind.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "ledger-projection-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, "ledger.db");
            return new TestLedger(kind, path, folder, await SqliteEventStore.OpenAsync(new SqliteStoreOptions(path), time), time);
        }

        var connectionString = await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync("projections");
        return new TestLedger(kind, connectionString, null, await PostgresEventStore.OpenAsync(new PostgresStoreOptions(connectionString), time), time);
    }

    /// <summary>Another store instance on the same database, as a second host process would open it.</summary>
    public async Task<TestLedger> OpenSecondAsync() => Kind == StoreKind.Sqlite
        ? new TestLedger(Kind, _location, null, await SqliteEventStore.OpenAsync(new SqliteStoreOptions(_location), Time), Time)
        : new TestLedger(Kind, _location, null, await PostgresEventStore.OpenAsync(new PostgresStoreOptions(_location), Time), Time);

    public ProjectionHostedService Runner(ProjectionRunnerOptions? options, params IProjection[] projections) =>
        new(Store, Database, projections, options ?? FastOptions(), new ProjectionRunnerState(), Time);

    public ProjectionStatusReader Status(params IProjection[] projections) => new(Store, Database, projections, null, Time);

    public async Task WaitForCatchUpAsync(IProjection projection, TimeSpan? timeout = null)
    {
        var head = await Store.ReadHeadPositionAsync();
        var reached = await Status(projection).WaitForPositionAsync(projection.Name, head, timeout ?? TimeSpan.FromSeconds(60));
        Assert.True(reached, $"{projection.Name} did not reach position {head} in time.");
    }

    public async Task<ReadModelDump> DumpAsync(TableSet set)
    {
        var documents = new List<StoredDocument>();
        await foreach (var document in Database.DumpDocumentsAsync(set))
        {
            documents.Add(document);
        }

        var history = new List<StoredHistoryRow>();
        await foreach (var row in Database.DumpHistoryAsync(set))
        {
            history.Add(row);
        }

        return new ReadModelDump(documents, history);
    }

    public async Task<TableSet> ActiveSetAsync(string projection) =>
        await Queries.ActiveSetAsync(projection) ?? throw new InvalidOperationException($"{projection} has no active set.");

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        await ((IAsyncDisposable)Store).DisposeAsync();
        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a pooled connection of another test; the temp folder is cleaned by the OS.
            }
        }
    }
}

/// <summary>All rows of a table set, in key order, for comparing two builds of the same projection.</summary>
public sealed record ReadModelDump(IReadOnlyList<StoredDocument> Documents, IReadOnlyList<StoredHistoryRow> History)
{
    public void ShouldEqual(ReadModelDump other)
    {
        Assert.Equal(Documents.Count, other.Documents.Count);
        for (var i = 0; i < Documents.Count; i++)
        {
            Assert.Equal(Documents[i], other.Documents[i]);
        }

        Assert.Equal(History.Count, other.History.Count);
        for (var i = 0; i < History.Count; i++)
        {
            Assert.Equal(History[i], other.History[i]);
        }
    }
}
