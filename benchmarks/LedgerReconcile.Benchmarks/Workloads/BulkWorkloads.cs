using System.Diagnostics;
using LedgerReconcile.Benchmarks.Harness;
using LedgerReconcile.Benchmarks.Shared;
using LedgerReconcile.EventStore;
using LedgerReconcile.EventStore.Postgres;
using LedgerReconcile.EventStore.Sqlite;
using LedgerReconcile.Projections.Billing;
using LedgerReconcile.Projections.Running;
using LedgerReconcile.Projections.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;
using SQLitePCL;

namespace LedgerReconcile.Benchmarks.Workloads;

// The bulk ledger (many customers, daily syncs): loaded by 64 concurrent writers in 10-event appends, then scanned
// through `$all` and rebuilt into every projection from position 0.
internal static class BulkWorkloads
{
    public const string BulkLoad = "load-bulk";
    private const int LoadWriters = 64;

    public static async Task RunAsync(BenchmarkContext context, IReadOnlyList<IReadOnlyList<DatasetEvent>> streams, bool rebuild)
    {
        await using (var sqlite = await SqliteEventStore.OpenAsync(new SqliteStoreOptions(context.SqlitePath("bulk"))))
        {
            await LoadAsync(context, Contenders.Sqlite, sqlite, streams);
            await ScanAsync(context, Contenders.Sqlite, sqlite);
            ScanRawSqlite(context, sqlite.ConnectionString);
            if (rebuild)
            {
                await RebuildAsync(context, Contenders.Sqlite, sqlite);
                await RebuildBreakdown.RunAsync(context, Contenders.Sqlite, sqlite);
            }
        }

        await using (var postgres = await PostgresEventStore.OpenAsync(new PostgresStoreOptions(context.PostgresConnectionString) { Schema = "ledger_bulk" }))
        {
            await LoadAsync(context, Contenders.Postgres, postgres, streams);
            await ScanAsync(context, Contenders.Postgres, postgres);
            await ScanRawPostgresAsync(context, postgres.DataSource);
            if (rebuild)
            {
                await RebuildAsync(context, Contenders.Postgres, postgres);
                await RebuildBreakdown.RunAsync(context, Contenders.Postgres, postgres);
            }
        }
    }

    public static async Task LoadAsync(BenchmarkContext context, string contender, IEventStore store, IReadOnlyList<IReadOnlyList<DatasetEvent>> streams)
    {
        var metadata = new EventMetadata(LedgerDataset.Tenant, LedgerDataset.Actor, "bulk-load");
        var total = streams.Sum(s => s.Count);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, LoadWriters).Select(w => Task.Run(async () =>
        {
            var mine = streams.Where((_, i) => i % LoadWriters == w).ToList();
            var blocks = mine.Count == 0 ? 0 : mine.Max(s => (s.Count + WorkloadSizes.BulkChunk - 1) / WorkloadSizes.BulkChunk);
            for (var block = 0; block < blocks; block++)
            {
                foreach (var stream in mine)
                {
                    var chunk = stream.Skip(block * WorkloadSizes.BulkChunk).Take(WorkloadSizes.BulkChunk)
                        .Select(e => new EventData(e.EventId, e.Type, e.Data, metadata, e.OccurredAt))
                        .ToList();
                    if (chunk.Count == 0)
                    {
                        continue;
                    }

                    var expected = block == 0 ? ExpectedRevision.NoStream : ExpectedRevision.Exact((block * WorkloadSizes.BulkChunk) - 1);
                    await store.AppendToStreamAsync(stream[0].Stream, expected, chunk).ConfigureAwait(false);
                }
            }
        })));
        context.Add(new Measurement(BulkLoad, contender, "throughput", total / clock.Elapsed.TotalSeconds, "events/s"));
    }

    public static async Task ScanAsync(BenchmarkContext context, string contender, IEventStore store)
    {
        var rates = new List<double>();
        for (var rep = 0; rep < context.Sizes.ScanRepetitions; rep++)
        {
            var clock = Stopwatch.StartNew();
            long count = 0, bytes = 0;
            await foreach (var e in store.ReadAllAsync(0))
            {
                count++;
                bytes += e.Data.Length;
            }

            rates.Add(count / clock.Elapsed.TotalSeconds);
        }

        context.Add(new Measurement(WorkloadNames.ScanAll, contender, "throughput", Median(rates), "events/s"));
    }

    private static void ScanRawSqlite(BenchmarkContext context, string connectionString)
    {
        var rates = new List<double>();
        for (var rep = 0; rep < context.Sizes.ScanRepetitions; rep++)
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            var db = connection.Handle!;
            var clock = Stopwatch.StartNew();
            raw.sqlite3_prepare_v2(db, "SELECT position, event_id, stream, revision, type, data, metadata, recorded_at, occurred_at, hash FROM events ORDER BY position", out var statement);
            long count = 0, bytes = 0;
            using (statement)
            {
                while (raw.sqlite3_step(statement) == raw.SQLITE_ROW)
                {
                    count++;
                    bytes += raw.sqlite3_column_int64(statement, 0) + raw.sqlite3_column_blob(statement, 1).Length + raw.sqlite3_column_blob(statement, 2).Length
                        + raw.sqlite3_column_int64(statement, 3) + raw.sqlite3_column_blob(statement, 4).Length + raw.sqlite3_column_blob(statement, 5).Length
                        + raw.sqlite3_column_blob(statement, 6).Length + raw.sqlite3_column_int64(statement, 7) + raw.sqlite3_column_int64(statement, 8)
                        + raw.sqlite3_column_blob(statement, 9).Length;
                }
            }

            rates.Add(count / clock.Elapsed.TotalSeconds);
        }

        context.Add(new Measurement(WorkloadNames.ScanAll, Contenders.SqliteRaw, "throughput", Median(rates), "events/s"));
    }

    private static async Task ScanRawPostgresAsync(BenchmarkContext context, NpgsqlDataSource dataSource)
    {
        var rates = new List<double>();
        for (var rep = 0; rep < context.Sizes.ScanRepetitions; rep++)
        {
            var clock = Stopwatch.StartNew();
            long count = 0, bytes = 0;
            await using var command = dataSource.CreateCommand(
                "SELECT position, event_id, stream, revision, type, data, metadata, recorded_at, occurred_at, hash FROM ledger_bulk.events ORDER BY position");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                count++;
                bytes += reader.GetInt64(0) + reader.GetGuid(1).GetHashCode() + reader.GetString(2).Length + reader.GetInt64(3) + reader.GetString(4).Length
                    + reader.GetFieldValue<byte[]>(5).Length + reader.GetFieldValue<byte[]>(6).Length + reader.GetInt64(7) + reader.GetInt64(8)
                    + reader.GetFieldValue<byte[]>(9).Length;
            }

            rates.Add(count / clock.Elapsed.TotalSeconds);
        }

        context.Add(new Measurement(WorkloadNames.ScanAll, Contenders.PostgresRaw, "throughput", Median(rates), "events/s"));
    }

    private static async Task RebuildAsync(BenchmarkContext context, string contender, IEventStore store)
    {
        await using var database = ReadModelStorage.Beside(store);
        var rebuilder = new ProjectionRebuilder(store, database, new ProjectionRunnerOptions());
        var gc = RebuildBreakdown.GcWindow.Start();
        var clock = Stopwatch.StartNew();
        var result = await rebuilder.RebuildAsync(new BillingProjection(store));
        context.AddRange(gc.Stop(WorkloadNames.Rebuild, contender, result.EventsApplied, clock.Elapsed));
        context.Add(new Measurement(WorkloadNames.Rebuild, contender, "throughput", result.EventsApplied / clock.Elapsed.TotalSeconds, "events/s"));
        context.Add(new Measurement(WorkloadNames.Rebuild, contender, "elapsed", clock.Elapsed.TotalSeconds, "s"));
        context.Add(new Measurement(WorkloadNames.Rebuild, contender, "events", result.EventsApplied, "events"));
    }

    internal static double Median(List<double> values)
    {
        values.Sort();
        return values.Count == 0 ? double.NaN : values[values.Count / 2];
    }
}
