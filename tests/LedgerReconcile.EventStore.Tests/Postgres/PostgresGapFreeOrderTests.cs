using System.Collections.Concurrent;
using LedgerReconcile.EventStore.Postgres;
using Npgsql;

namespace LedgerReconcile.EventStore.Tests.Postgres;

/// <summary>
/// Two store instances over one database stand for two processes: each has its own writer, group-commit queue and
/// connections, so only PostgreSQL sits between them.
/// </summary>
public sealed class PostgresGapFreeOrderTests
{
    private const int WritersPerInstance = 12;
    private const int AppendsPerWriter = 60;

    [Fact]
    public async Task ConcurrentWritersInTwoProcessesNeverLetAReaderSeeAGap()
    {
        var connectionString = await PostgresTestStores.FreshDatabaseAsync();
        await using var first = await PostgresEventStore.OpenAsync(new PostgresStoreOptions(connectionString));
        await using var second = await PostgresEventStore.OpenAsync(new PostgresStoreOptions(connectionString));
        await using var reader = await PostgresEventStore.OpenAsync(new PostgresStoreOptions(connectionString));

        var appendedIds = new ConcurrentBag<Guid>();
        using var writersDone = new CancellationTokenSource();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var snapshotViolations = new ConcurrentBag<string>();
        var snapshotsTaken = 0;
        var snapshotProbe = Task.Run(async () =>
        {
            // In any one snapshot the committed positions must be exactly 1..max.
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(timeout.Token);
            await using var probe = new NpgsqlCommand("SELECT count(*), coalesce(max(position), 0) FROM ledger.events", connection);
            while (!writersDone.IsCancellationRequested)
            {
                await using var result = await probe.ExecuteReaderAsync(timeout.Token);
                await result.ReadAsync(timeout.Token);
                var (count, max) = (result.GetInt64(0), result.GetInt64(1));
                if (count != max)
                {
                    snapshotViolations.Add($"{count} events committed but the highest position is {max}");
                }

                snapshotsTaken++;
            }
        });

        var delivered = new List<long>();
        var subscriber = Task.Run(async () =>
        {
            var expectedTotal = 2 * WritersPerInstance * AppendsPerWriter * 2;
            await foreach (var message in reader.SubscribeToAllAsync(0, cancellationToken: timeout.Token))
            {
                if (message is SubscriptionMessage.Event e)
                {
                    delivered.Add(e.Record.Position);
                    if (delivered.Count == expectedTotal)
                    {
                        return;
                    }
                }
            }
        });

        var writers = new[] { first, second }
            .SelectMany((store, instance) => Enumerable.Range(0, WritersPerInstance).Select(writer => Task.Run(async () =>
            {
                // Two events per append, alternating between a shared stream (contention) and the writer's own.
                for (var i = 0; i < AppendsPerWriter; i++)
                {
                    var batch = new[] { PostgresTestStores.Event(), PostgresTestStores.Event() };
                    var stream = i % 2 == 0 ? $"shared-{i % 3}" : $"own-{instance}-{writer}";
                    await store.AppendToStreamAsync(stream, ExpectedRevision.Any, batch, timeout.Token);
                    foreach (var e in batch)
                    {
                        appendedIds.Add(e.EventId);
                    }
                }
            })))
            .ToArray();

        await Task.WhenAll(writers);
        await subscriber;
        await writersDone.CancelAsync();
        await snapshotProbe;

        Assert.Empty(snapshotViolations);
        Assert.True(snapshotsTaken > 10, $"the probe only looked {snapshotsTaken} times");
        Assert.Equal(Enumerable.Range(1, appendedIds.Count).Select(p => (long)p), delivered);

        var stored = new HashSet<Guid>();
        await foreach (var e in reader.ReadAllAsync(0))
        {
            stored.Add(e.EventId);
        }

        Assert.True(stored.SetEquals(appendedIds));
        var verification = await reader.VerifyAsync();
        Assert.True(verification.IsIntact, verification.FirstBrokenLink?.Reason);
        Assert.Equal(appendedIds.Count, verification.EventsChecked);
    }

    [Fact]
    public async Task RecordTimeNeverRunsBackwardsAcrossProcessesWithSkewedClocks()
    {
        var connectionString = await PostgresTestStores.FreshDatabaseAsync();
        var fast = new ManualClock(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var slow = new ManualClock(fast.Now.AddMinutes(-5));
        await using var ahead = await PostgresEventStore.OpenAsync(new PostgresStoreOptions(connectionString), fast);
        await using var behind = await PostgresEventStore.OpenAsync(new PostgresStoreOptions(connectionString), slow);

        await ahead.AppendToStreamAsync("clock-a", ExpectedRevision.NoStream, [PostgresTestStores.Event()]);
        await behind.AppendToStreamAsync("clock-b", ExpectedRevision.NoStream, [PostgresTestStores.Event()]);
        slow.Now = fast.Now.AddMinutes(1);
        await behind.AppendToStreamAsync("clock-b", ExpectedRevision.Exact(0), [PostgresTestStores.Event()]);

        var recorded = new List<DateTimeOffset>();
        await foreach (var e in behind.ReadAllAsync(0))
        {
            recorded.Add(e.RecordedAt);
        }

        Assert.Equal([fast.Now, fast.Now, slow.Now], recorded);
        Assert.True((await behind.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task ExpectedRevisionHoldsAcrossProcesses()
    {
        var connectionString = await PostgresTestStores.FreshDatabaseAsync();
        await using var first = await PostgresEventStore.OpenAsync(new PostgresStoreOptions(connectionString));
        await using var second = await PostgresEventStore.OpenAsync(new PostgresStoreOptions(connectionString));

        // Both processes race to create the same stream many times over: exactly one wins each round.
        for (var round = 0; round < 20; round++)
        {
            var stream = $"race-{round}";
            var attempts = await Task.WhenAll(
                Capture(first.AppendToStreamAsync(stream, ExpectedRevision.NoStream, [PostgresTestStores.Event()])),
                Capture(second.AppendToStreamAsync(stream, ExpectedRevision.NoStream, [PostgresTestStores.Event()])));

            Assert.Single(attempts, a => a is null);
            Assert.Single(attempts, a => a is WrongExpectedRevisionException { ActualRevision: 0 });
            Assert.Equal(0, await first.ReadStreamRevisionAsync(stream));
        }
    }

    private static async Task<Exception?> Capture(Task append)
    {
        try
        {
            await append;
            return null;
        }
        catch (WrongExpectedRevisionException conflict)
        {
            return conflict;
        }
    }
}
