using LedgerReconcile.Host.Hosting;
using LedgerReconcile.EventStore;
using LedgerReconcile.EventStore.Postgres;
using LedgerReconcile.EventStore.Postgres.ReadModels;
using LedgerReconcile.EventStore.Sqlite;
using LedgerReconcile.EventStore.Sqlite.ReadModels;
using LedgerReconcile.Projections.Storage;
using LedgerReconcile.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace LedgerReconcile.Api.Tests.Hosting;

public sealed class SingleInstanceWorkerTests
{
    [Fact]
    public async Task OnOneSqliteFileOnlyOneProcessRunsTheWorkerAndAnotherTakesOver()
    {
        var folder = Directory.CreateTempSubdirectory("ledger-lease-");
        try
        {
            await using var first = await SqliteEventStore.OpenAsync(new SqliteStoreOptions(Path.Combine(folder.FullName, "ledger.db")));
            await using var second = await SqliteEventStore.OpenAsync(new SqliteStoreOptions(Path.Combine(folder.FullName, "ledger.db")));
            await OnlyOneRunsThenTheOtherTakesOverAsync(first, second);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task OnOnePostgresDatabaseOnlyOneProcessRunsTheWorkerAndAnotherTakesOver()
    {
        var connectionString = await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync("lease");
        await using var first = await PostgresEventStore.OpenAsync(new PostgresStoreOptions(connectionString));
        await using var second = await PostgresEventStore.OpenAsync(new PostgresStoreOptions(connectionString));
        await OnlyOneRunsThenTheOtherTakesOverAsync(first, second);
    }

    private static async Task OnlyOneRunsThenTheOtherTakesOverAsync(IEventStore firstStore, IEventStore secondStore)
    {
        var running = new RunningCount();
        var first = Guarded(firstStore, running);
        var second = Guarded(secondStore, running);

        await first.StartAsync(CancellationToken.None);
        await second.StartAsync(CancellationToken.None);
        await Eventually(() => running.Now == 1 && (first.IsRunning ^ second.IsRunning));
        await Task.Delay(500);
        Assert.Equal(1, running.Now);
        Assert.Equal(1, running.Max);

        var (holder, standby) = first.IsRunning ? (first, second) : (second, first);
        await holder.StopAsync(CancellationToken.None);
        holder.Dispose();

        await Eventually(() => standby.IsRunning);
        Assert.Equal(1, running.Now);
        Assert.Equal(1, running.Max);
        await standby.StopAsync(CancellationToken.None);
        standby.Dispose();
        Assert.Equal(0, running.Now);
    }

    private static SingleInstanceWorker Guarded(IEventStore store, RunningCount running) =>
        new(
            "test-worker",
            () => new CountingWorker(running),
            store switch
            {
                SqliteEventStore sqlite => new SqliteReadModelDatabase(sqlite.ConnectionString),
                PostgresEventStore postgres => new PostgresReadModelDatabase(postgres.DataSource),
                _ => throw new NotSupportedException(store.GetType().Name),
            },
            NullLogger<SingleInstanceWorker>.Instance,
            retryInterval: TimeSpan.FromMilliseconds(100));

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 20 seconds.");
            await Task.Delay(50);
        }
    }

    private sealed class RunningCount
    {
        private int _now;
        private int _max;

        public int Now => Volatile.Read(ref _now);

        public int Max => Volatile.Read(ref _max);

        public void Started()
        {
            var now = Interlocked.Increment(ref _now);
            int max;
            while ((max = Volatile.Read(ref _max)) < now && Interlocked.CompareExchange(ref _max, now, max) != max)
            {
            }
        }

        public void Stopped() => Interlocked.Decrement(ref _now);
    }

    private sealed class CountingWorker(RunningCount running) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            running.Started();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            running.Stopped();
            return Task.CompletedTask;
        }
    }
}
