using System.Diagnostics;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Benchmarks.Shared;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.Tenants;
using Marten;
using Weasel.Core;

namespace LedgerReconcile.Benchmarks.Marten;

// The harness's workloads on Marten's event store, on the same PostgreSQL cluster: string stream keys, appends with the
// expected version, `FetchStreamAsync` (with a timestamp for "as known at"), `QueryAllRawEvents` for
// `$all`, and the async daemon for rebuilds. Events are the same domain objects; Marten serializes them itself
// with System.Text.Json.
internal sealed class MartenWorkloads(string connectionString, WorkloadSizes sizes, Action<Measurement> report)
{
    private DocumentStore Open(string schema, EventAppendMode mode, bool withProjection = false) => DocumentStore.For(options =>
    {
        options.Connection(connectionString);
        options.DatabaseSchemaName = schema;
        options.Events.DatabaseSchemaName = schema;
        options.Events.StreamIdentity = StreamIdentity.AsString;
        options.Events.AppendMode = mode;
        options.AutoCreateSchemaObjects = AutoCreate.All;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, json =>
        {
            foreach (var converter in EventSerializer.Options.Converters)
            {
                json.Converters.Add(converter);
            }
        });
        options.Events.AddEventTypes(LedgerReconcile.Domain.EventRegistry.EventTypes.ToArray());
        if (withProjection)
        {
            options.Projections.Add(new CustomerBillingProjection(), ProjectionLifecycle.Async);
        }
    });

    public async Task AppendAsync()
    {
        var (small, _, _) = LedgerDataset.SmallEvent("append", 1);
        foreach (var (contender, mode) in new[] { (Contenders.Marten, EventAppendMode.Rich), (Contenders.MartenQuick, EventAppendMode.Quick) })
        {
            await using var store = Open(contender.Replace('-', '_') + "_append", mode);
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            foreach (var writers in WorkloadSizes.AppendWriters)
            {
                var loop = await TimedLoop.RunAsync(writers, sizes.AppendWarmup, sizes.AppendDuration, 1, w =>
                {
                    var stream = $"bench-a{writers}-{w}";
                    long version = 0;
                    return async () =>
                    {
                        await using var session = store.LightweightSession();
                        if (version == 0)
                        {
                            session.Events.StartStream(stream, small);
                        }
                        else
                        {
                            session.Events.Append(stream, version + 1, small);
                        }

                        await session.SaveChangesAsync();
                        version++;
                    };
                });
                AddLoop(WorkloadNames.Append(writers), contender, loop);
            }

            var batches = 0;
            var events = Enumerable.Repeat((object)small, WorkloadSizes.BatchSize).ToArray();
            var batchLoop = await TimedLoop.RunAsync(1, sizes.AppendWarmup, sizes.AppendDuration, WorkloadSizes.BatchSize, _ => async () =>
            {
                await using var session = store.LightweightSession();
                session.Events.StartStream($"bench-b-{batches++}", events);
                await session.SaveChangesAsync();
            });
            AddLoop(WorkloadNames.Batch100, contender, batchLoop);
        }
    }

    public async Task StreamAsync()
    {
        var history = LedgerDataset.TwoYearStream(sizes.StreamDays);
        var queries = LedgerDataset.AsOfQueries(history, sizes.PointInTimeQueries);
        var stream = history[0].Stream;
        var tenantStream = StreamNames.Tenant(LedgerDataset.Tenant);
        await using var store = Open("marten_two_years", EventAppendMode.Rich);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        // One transaction per delivery, as our store records them; Marten stamps each with the server's time.
        foreach (var group in history.GroupBy(e => e.RecordedAt))
        {
            await using var session = store.LightweightSession();
            var first = group.First();
            var events = group.Select(e => (object)e.Event).ToArray();
            if (first.Revision == 0)
            {
                session.Events.StartStream(stream, events);
            }
            else
            {
                session.Events.Append(stream, group.Last().Revision + 1, events);
            }

            await session.SaveChangesAsync();
        }

        // "As known at R" on Marten is a fetch up to the transaction timestamp of the last event recorded by R.
        IReadOnlyList<IEvent> all;
        await using (var session = store.QuerySession())
        {
            all = await session.Events.FetchStreamAsync(stream);
        }

        var recordedAt = history.Select(e => e.RecordedAt).ToArray();
        DateTimeOffset? MartenTimestamp(DateTimeOffset knownAt)
        {
            var last = Array.FindLastIndex(recordedAt, r => r <= knownAt);
            return last < 0 ? null : all[last].Timestamp;
        }

        var loads = await TimedLoop.RepeatAsync(Math.Min(20, sizes.StreamLoads), sizes.StreamLoads, async _ =>
        {
            await using var session = store.QuerySession();
            var events = await session.Events.FetchStreamAsync(stream);
            var state = CustomerState.Initial;
            foreach (var e in events)
            {
                state = CustomerState.Evolve(state, (CustomerEvent)e.Data);
            }

            if (events.Count != history.Count)
            {
                throw new InvalidOperationException($"Marten returned {events.Count} events, expected {history.Count}.");
            }
        });
        foreach (var m in loads.Summarise(WorkloadNames.LoadStream, Contenders.Marten))
        {
            report(m);
        }

        var asOf = await TimedLoop.RepeatAsync(Math.Min(20, queries.Count), queries.Count, async i =>
        {
            var query = queries[i];
            await using var session = store.QuerySession();
            var state = CustomerState.Initial;
            if (MartenTimestamp(query.KnownAt) is { } timestamp)
            {
                foreach (var e in await session.Events.FetchStreamAsync(stream, timestamp: timestamp))
                {
                    var data = (CustomerEvent)e.Data;
                    if (CustomerEvent.ValidTime(data) <= query.ValidAt)
                    {
                        state = CustomerState.Evolve(state, data);
                    }
                }
            }

            var tenant = TenantState.Initial;
            foreach (var e in await session.Events.FetchStreamAsync(tenantStream, timestamp: query.KnownAt))
            {
                tenant = TenantState.Evolve(tenant, (TenantEvent)e.Data);
            }

            BillableQuantities.Compute(state, tenant.Policies);
        });
        foreach (var m in asOf.Summarise(WorkloadNames.PointInTime, Contenders.Marten))
        {
            report(m);
        }
    }

    public async Task BulkAsync(bool rebuild)
    {
        var streams = LedgerDataset.BulkStreams(sizes.BulkEvents);
        var total = streams.Sum(s => s.Count);
        await using var store = Open("marten_bulk", EventAppendMode.Rich, withProjection: true);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        const int writers = 64;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var mine = streams.Where((_, i) => i % writers == w).ToList();
            var blocks = mine.Count == 0 ? 0 : mine.Max(s => (s.Count + WorkloadSizes.BulkChunk - 1) / WorkloadSizes.BulkChunk);
            for (var block = 0; block < blocks; block++)
            {
                foreach (var stream in mine)
                {
                    var chunk = stream.Skip(block * WorkloadSizes.BulkChunk).Take(WorkloadSizes.BulkChunk).ToList();
                    if (chunk.Count == 0)
                    {
                        continue;
                    }

                    await using var session = store.LightweightSession();
                    var events = chunk.Select(e => (object)e.Event).ToArray();
                    if (block == 0)
                    {
                        session.Events.StartStream(stream[0].Stream, events);
                    }
                    else
                    {
                        session.Events.Append(stream[0].Stream, chunk[^1].Revision + 1, events);
                    }

                    await session.SaveChangesAsync();
                }
            }
        })));
        report(new Measurement("load-bulk", Contenders.Marten, "throughput", total / clock.Elapsed.TotalSeconds, "events/s"));

        var rates = new List<double>();
        for (var rep = 0; rep < sizes.ScanRepetitions; rep++)
        {
            var scan = Stopwatch.StartNew();
            long count = 0, after = 0;
            while (true)
            {
                await using var session = store.QuerySession();
                var page = await session.Events.QueryAllRawEvents()
                    .Where(e => e.Sequence > after)
                    .OrderBy(e => e.Sequence)
                    .Take(1024)
                    .ToListAsync();
                count += page.Count;
                if (page.Count < 1024)
                {
                    break;
                }

                after = page[^1].Sequence;
            }

            if (count != total)
            {
                throw new InvalidOperationException($"Marten's $all scan saw {count} events, expected {total}.");
            }

            rates.Add(count / scan.Elapsed.TotalSeconds);
        }

        rates.Sort();
        report(new Measurement(WorkloadNames.ScanAll, Contenders.Marten, "throughput", rates[rates.Count / 2], "events/s"));

        if (rebuild)
        {
            using var daemon = await store.BuildProjectionDaemonAsync();
            var watch = Stopwatch.StartNew();
            await daemon.RebuildProjectionAsync<CustomerBillingProjection>(TimeSpan.FromMinutes(15), CancellationToken.None);
            var elapsed = watch.Elapsed;
            await using var session = store.QuerySession();
            var documents = await session.Query<CustomerBillingDocument>().CountAsync();
            if (documents != streams.Count)
            {
                throw new InvalidOperationException($"Marten's rebuild produced {documents} documents, expected {streams.Count}.");
            }

            report(new Measurement(WorkloadNames.Rebuild, Contenders.Marten, "throughput", total / elapsed.TotalSeconds, "events/s"));
            report(new Measurement(WorkloadNames.Rebuild, Contenders.Marten, "elapsed", elapsed.TotalSeconds, "s"));
            report(new Measurement(WorkloadNames.Rebuild, Contenders.Marten, "events", total, "events"));
        }
    }

    private void AddLoop(string workload, string contender, LoopResult loop)
    {
        report(new Measurement(workload, contender, "throughput", loop.ItemsPerSecond, "events/s"));
        foreach (var m in loop.Latencies.Summarise(workload, contender))
        {
            report(m);
        }
    }
}
