using System.Diagnostics;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Benchmarks.Harness;
using LedgerReconcile.Benchmarks.Shared;
using LedgerReconcile.Domain;
using LedgerReconcile.EventStore;
using LedgerReconcile.EventStore.Postgres;
using LedgerReconcile.EventStore.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LedgerReconcile.Benchmarks.Workloads;

// One customer with two years of daily syncs, recorded at the times it would have been: loaded and folded whole
// (GetCustomerLedger), and asked what was billable at a random past date as known at a random later date
// (GetBillableQuantities), both through the mediator as the API sends them.
internal static class StreamWorkloads
{
    public static async Task RunAsync(BenchmarkContext context, IReadOnlyList<DatasetEvent> history, IReadOnlyList<AsOfQuery> queries)
    {
        context.Add(new Measurement(WorkloadNames.LoadStream, "dataset", "events", history.Count, "events"));
        context.Add(new Measurement(WorkloadNames.LoadStream, "dataset", "bytes", history.Sum(e => e.Data.Length), "bytes"));

        var clock = new ManualClock(LedgerDataset.Start);
        await using (var sqlite = await SqliteEventStore.OpenAsync(new SqliteStoreOptions(context.SqlitePath("two-years")), clock))
        {
            await RunOnAsync(context, Contenders.Sqlite, sqlite, clock, history, queries);
            await RawSqliteAsync(context, sqlite.ConnectionString, history[0].Stream);
        }

        clock.Now = LedgerDataset.Start;
        await using (var postgres = await PostgresEventStore.OpenAsync(new PostgresStoreOptions(context.PostgresConnectionString) { Schema = "ledger_two_years" }, clock))
        {
            await RunOnAsync(context, Contenders.Postgres, postgres, clock, history, queries);
            await RawPostgresAsync(context, postgres.DataSource, history[0].Stream);
        }
    }

    public static async Task WriteHistoryAsync(IEventStore store, ManualClock clock, IReadOnlyList<DatasetEvent> history)
    {
        var metadata = new EventMetadata(LedgerDataset.Tenant, LedgerDataset.Actor, "two-years");
        foreach (var group in history.GroupBy(e => e.RecordedAt))
        {
            clock.Now = group.Key;
            var first = group.First();
            await store.AppendToStreamAsync(
                first.Stream,
                first.Revision == 0 ? ExpectedRevision.NoStream : ExpectedRevision.Exact(first.Revision - 1),
                group.Select(e => new EventData(e.EventId, e.Type, e.Data, metadata, e.OccurredAt)).ToList());
        }
    }

    private static async Task RunOnAsync(
        BenchmarkContext context, string contender, IEventStore store, ManualClock clock, IReadOnlyList<DatasetEvent> history, IReadOnlyList<AsOfQuery> queries)
    {
        await WriteHistoryAsync(store, clock, history);
        clock.Now = history[^1].RecordedAt.AddDays(30);
        await using var services = LedgerServices.Build(store, clock);
        var customerKey = CustomerKeys.ForOrganization(LedgerDataset.TwoYearOrganization);

        var loads = await TimedLoop.RepeatAsync(Math.Min(20, context.Sizes.StreamLoads), context.Sizes.StreamLoads, async _ =>
        {
            var loaded = await services.SendAsync(new GetCustomerLedger(LedgerDataset.Tenant, customerKey));
            if (loaded.Revision != history[^1].Revision)
            {
                throw new InvalidOperationException($"Loaded revision {loaded.Revision}, expected {history[^1].Revision}.");
            }
        });
        context.AddRange(loads.Summarise(WorkloadNames.LoadStream, contender));

        var asOf = await TimedLoop.RepeatAsync(Math.Min(20, queries.Count), queries.Count, async i =>
            await services.SendAsync(new GetBillableQuantities(LedgerDataset.Tenant, customerKey, queries[i].ValidAt, queries[i].KnownAt)));
        context.AddRange(asOf.Summarise(WorkloadNames.PointInTime, contender));

        // The same questions on a fresh process's services: nothing decoded yet, so every event is read and decoded.
        var cold = new Latencies(queries.Count);
        for (var i = 0; i < Math.Min(queries.Count, context.Sizes.StreamLoads); i++)
        {
            await using var fresh = LedgerServices.Build(store, clock);
            var started = Stopwatch.GetTimestamp();
            await fresh.SendAsync(new GetBillableQuantities(LedgerDataset.Tenant, customerKey, queries[i].ValidAt, queries[i].KnownAt));
            cold.Add(Stopwatch.GetTimestamp() - started);
        }

        context.AddRange(cold.Summarise(WorkloadNames.PointInTimeCold, contender));
    }

    private static async Task RawSqliteAsync(BenchmarkContext context, string connectionString, string stream)
    {
        var latencies = await TimedLoop.RepeatAsync(Math.Min(20, context.Sizes.StreamLoads), context.Sizes.StreamLoads, async _ =>
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT revision, type, data, metadata, recorded_at, occurred_at FROM events WHERE stream = $s ORDER BY revision";
            command.Parameters.AddWithValue("$s", stream);
            await using var reader = await command.ExecuteReaderAsync();
            long bytes = 0;
            while (await reader.ReadAsync())
            {
                bytes += reader.GetFieldValue<byte[]>(2).Length + reader.GetFieldValue<byte[]>(3).Length;
            }
        });
        context.AddRange(latencies.Summarise(WorkloadNames.LoadStream, Contenders.SqliteRaw));
    }

    private static async Task RawPostgresAsync(BenchmarkContext context, NpgsqlDataSource dataSource, string stream)
    {
        var latencies = await TimedLoop.RepeatAsync(Math.Min(20, context.Sizes.StreamLoads), context.Sizes.StreamLoads, async _ =>
        {
            await using var command = dataSource.CreateCommand(
                "SELECT revision, type, data, metadata, recorded_at, occurred_at FROM ledger_two_years.events WHERE stream = $1 ORDER BY revision");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream });
            await using var reader = await command.ExecuteReaderAsync();
            long bytes = 0;
            while (await reader.ReadAsync())
            {
                bytes += reader.GetFieldValue<byte[]>(2).Length + reader.GetFieldValue<byte[]>(3).Length;
            }
        });
        context.AddRange(latencies.Summarise(WorkloadNames.LoadStream, Contenders.PostgresRaw));
    }
}
