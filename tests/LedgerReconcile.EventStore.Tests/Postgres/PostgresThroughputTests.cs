using System.Diagnostics;
using System.Text;
using LedgerReconcile.EventStore.Postgres;
using Npgsql;
using NpgsqlTypes;
using Xunit.Abstractions;

namespace LedgerReconcile.EventStore.Tests.Postgres;

/// <summary>
/// Durable-append throughput, printed for the benchmark notes. The floors are far below the targets (64 writers:
/// 10,000 events/s; 100-event batches: half of raw COPY) so that a loaded CI machine passes, while a store that lost
/// group commit or took a round trip per event still fails.
/// </summary>
public sealed class PostgresThroughputTests(ITestOutputHelper output)
{
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("""{"customer":"c-42","assets":17,"bytes":123456789}""");

    [Fact]
    public async Task ConcurrentSingleEventAppendsShareCommits()
    {
        await using var store = await PostgresTestStores.OpenFreshAsync();

        var one = await MeasureAsync(store, writers: 1, eventsPerAppend: 1, TimeSpan.FromSeconds(2));
        var many = await MeasureAsync(store, writers: 64, eventsPerAppend: 1, TimeSpan.FromSeconds(3));
        output.WriteLine($"1 writer, 1-event appends: {one:N0} events/s");
        output.WriteLine($"64 writers, 1-event appends: {many:N0} events/s");

        Assert.True(many > 2 * one, $"64 writers ({many:N0}/s) should gain from group commit over 1 writer ({one:N0}/s)");
        Assert.True(many > 1_000, $"64 writers reached only {many:N0} events/s");
        Assert.True((await store.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task HundredEventBatchesKeepUpWithRawCopy()
    {
        await using var store = await PostgresTestStores.OpenFreshAsync();
        var copy = await MeasureRawCopyAsync(store.DataSource, rows: 50_000);

        var single = await MeasureAsync(store, writers: 1, eventsPerAppend: 100, TimeSpan.FromSeconds(2));
        var eight = await MeasureAsync(store, writers: 8, eventsPerAppend: 100, TimeSpan.FromSeconds(3));
        output.WriteLine($"raw binary COPY, one transaction: {copy:N0} rows/s");
        output.WriteLine($"1 writer, 100-event batches: {single:N0} events/s ({single / copy:P0} of COPY)");
        output.WriteLine($"8 writers, 100-event batches: {eight:N0} events/s ({eight / copy:P0} of COPY)");

        Assert.True(Math.Max(single, eight) > 0.25 * copy, $"100-event batches reached only {Math.Max(single, eight):N0}/s against COPY {copy:N0}/s");
    }

    private static async Task<double> MeasureAsync(PostgresEventStore store, int writers, int eventsPerAppend, TimeSpan duration)
    {
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            var stream = $"load-{writers}-{eventsPerAppend}-{writer}";
            long appended = 0;
            var revision = ExpectedRevision.NoStream;
            while (!stop.IsCancellationRequested)
            {
                var batch = Enumerable.Range(0, eventsPerAppend).Select(_ => Event()).ToArray();
                var result = await store.AppendToStreamAsync(stream, revision, batch);
                revision = ExpectedRevision.Exact(result.NextExpectedRevision);
                appended += eventsPerAppend;
            }

            return appended;
        })));
        return counts.Sum() / clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> MeasureRawCopyAsync(NpgsqlDataSource dataSource, int rows)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE ledger.copy_baseline (LIKE ledger.events INCLUDING ALL)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        var metadata = Encoding.UTF8.GetBytes("""{"tenant":"t","actor":"a","$correlationId":"c"}""");
        var hash = new byte[32];
        var clock = Stopwatch.StartNew();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var importer = await connection.BeginBinaryImportAsync(
                "COPY ledger.copy_baseline (position, event_id, stream, revision, type, data, metadata, recorded_at, occurred_at, hash) FROM STDIN (FORMAT BINARY)"))
            {
                for (var i = 1; i <= rows; i++)
                {
                    await importer.StartRowAsync();
                    await importer.WriteAsync((long)i, NpgsqlDbType.Bigint);
                    await importer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                    await importer.WriteAsync($"load-copy-{i / 100}", NpgsqlDbType.Text);
                    await importer.WriteAsync((long)(i % 100), NpgsqlDbType.Bigint);
                    await importer.WriteAsync("load.measured.v1", NpgsqlDbType.Text);
                    await importer.WriteAsync(Payload, NpgsqlDbType.Bytea);
                    await importer.WriteAsync(metadata, NpgsqlDbType.Bytea);
                    await importer.WriteAsync(1_700_000_000_000_000L, NpgsqlDbType.Bigint);
                    await importer.WriteAsync(1_700_000_000_000_000L, NpgsqlDbType.Bigint);
                    await importer.WriteAsync(hash, NpgsqlDbType.Bytea);
                }

                await importer.CompleteAsync();
            }

            await transaction.CommitAsync();
        }

        return rows / clock.Elapsed.TotalSeconds;
    }

    private static EventData Event() => new(
        Guid.CreateVersion7(),
        "load.measured.v1",
        Payload,
        new EventMetadata("tenant-1", "load@example.com", "corr-load"),
        DateTimeOffset.UtcNow);
}
