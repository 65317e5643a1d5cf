using LedgerReconcile.EventStore.Postgres;
using Npgsql;
using Xunit.Abstractions;

namespace LedgerReconcile.EventStore.Tests.Postgres;

/// <summary>
/// What keeps PostgreSQL appends fast, counted rather than timed (the speeds themselves are the benchmark harness's,
/// docs/benchmarks.md): concurrent appends share transactions, and an append costs the same round trips whatever its size.
/// Transactions are counted by the distinct <c>xmin</c> (the id of the transaction that wrote the row) of the stored rows:
/// unlike <c>pg_stat_database.xact_commit</c>, that counts no reads and does not wait for the writer session's statistics flush.
/// </summary>
public sealed class PostgresAppendCostTests(ITestOutputHelper output)
{
    private const int ConcurrentAppends = 64;

    [Fact]
    public async Task SixtyFourConcurrentSingleEventAppendsShareTransactions()
    {
        var connectionString = await PostgresTestStores.FreshDatabaseAsync();
        await using var store = await PostgresEventStore.OpenAsync(new PostgresStoreOptions(connectionString));

        // Another session keeps the table from being written while the appends are queued, so the writer's first group is
        // still in its transaction when the last append arrives: the test does not depend on how fast this machine is.
        Task<AppendResult>[] appends;
        await using (var blocker = new NpgsqlConnection(connectionString))
        {
            await blocker.OpenAsync();
            await using var transaction = await blocker.BeginTransactionAsync();
            await using (var hold = new NpgsqlCommand("LOCK TABLE ledger.events IN SHARE MODE", blocker, transaction))
            {
                await hold.ExecuteNonQueryAsync();
            }

            appends = new Task<AppendResult>[ConcurrentAppends];
            Parallel.For(0, ConcurrentAppends, i =>
                appends[i] = store.AppendToStreamAsync($"writer-{i}", ExpectedRevision.NoStream, [PostgresTestStores.Event()]));
            await transaction.CommitAsync();
        }

        await Task.WhenAll(appends);
        var (events, transactions) = await CountEventsAndTransactionsAsync(store.DataSource);
        output.WriteLine($"{events} events from {ConcurrentAppends} concurrent appends, committed in {transactions} transactions");
        Assert.Equal(ConcurrentAppends, events);
        Assert.True(
            transactions <= 2,
            $"{ConcurrentAppends} appends queued together were committed in {transactions} transactions; group commit shares them (at most 2)");
        Assert.True((await store.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task AHundredEventAppendCostsTheSameRoundTripsAsATenEventOne()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await PostgresTestStores.FreshDatabaseAsync());
        connectionString.ApplicationName = connectionString.Database;
        await using var store = await PostgresEventStore.OpenAsync(new PostgresStoreOptions(connectionString.ConnectionString));

        // The writer opens its own connection on the first append; that one-off cost is not the append's.
        await store.AppendToStreamAsync("warm-up", ExpectedRevision.NoStream, [PostgresTestStores.Event()]);

        var ten = await CountRoundTripsAsync(store, connectionString.Database!, "ten", 10);
        var hundred = await CountRoundTripsAsync(store, connectionString.Database!, "hundred", 100);

        output.WriteLine($"round trips: {ten} for a 10-event append, {hundred} for a 100-event append");
        Assert.True(ten > 0, "no database operation of the store was counted");
        Assert.Equal(ten, hundred);
        Assert.Equal((111L, 3L), await CountEventsAndTransactionsAsync(store.DataSource));
    }

    private static async Task<int> CountRoundTripsAsync(PostgresEventStore store, string database, string stream, int events)
    {
        using var roundTrips = new NpgsqlOperationCounter(database);
        await store.AppendToStreamAsync(stream, ExpectedRevision.NoStream, [.. Enumerable.Range(0, events).Select(_ => PostgresTestStores.Event())]);
        return roundTrips.Count;
    }

    private static async Task<(long Events, long Transactions)> CountEventsAndTransactionsAsync(NpgsqlDataSource dataSource)
    {
        await using var count = dataSource.CreateCommand("SELECT count(*), count(DISTINCT xmin::text) FROM ledger.events");
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
