using LedgerReconcile.Benchmarks.Harness;
using LedgerReconcile.Benchmarks.Shared;
using LedgerReconcile.EventStore;
using LedgerReconcile.EventStore.Postgres;
using LedgerReconcile.EventStore.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace LedgerReconcile.Benchmarks.Workloads;

// Durable appends: 1-event appends from 1, 16 and 64 concurrent writers, each to its own stream with the exact expected
// revision; and 100-event batches from one writer and from eight concurrent writers, each batch a new stream.
internal static class AppendWorkloads
{
    private static readonly EventMetadata Metadata = new(LedgerDataset.Tenant, LedgerDataset.Actor, "corr-1", "cmd-1", "cmd-1");

    public static async Task RunAsync(BenchmarkContext context)
    {
        var (_, type, data) = LedgerDataset.SmallEvent("append", 1);
        var sizes = context.Sizes;

        await using (var sqlite = await SqliteEventStore.OpenAsync(new SqliteStoreOptions(context.SqlitePath("append"))))
        {
            foreach (var writers in WorkloadSizes.AppendWriters)
            {
                context.AddLoop(WorkloadNames.Append(writers), Contenders.Sqlite, await OursAsync(sqlite, $"a{writers}", writers, 1, type, data, sizes));
            }

            context.AddLoop(WorkloadNames.Batch100, Contenders.Sqlite, await OursAsync(sqlite, "b", 1, WorkloadSizes.BatchSize, type, data, sizes));
            context.AddLoop(
                WorkloadNames.Batch100Concurrent,
                Contenders.Sqlite,
                await OursAsync(sqlite, "b8", WorkloadSizes.ConcurrentBatchWriters, WorkloadSizes.BatchSize, type, data, sizes));
        }

        await using (var postgres = await PostgresEventStore.OpenAsync(new PostgresStoreOptions(context.PostgresConnectionString) { Schema = "ledger_append" }))
        {
            await SettleAsync(postgres, "ledger_append", type, data);
            foreach (var writers in WorkloadSizes.AppendWriters)
            {
                context.AddLoop(WorkloadNames.Append(writers), Contenders.Postgres, await OursAsync(postgres, $"a{writers}", writers, 1, type, data, sizes));
            }

            context.AddLoop(WorkloadNames.Batch100, Contenders.Postgres, await OursAsync(postgres, "b", 1, WorkloadSizes.BatchSize, type, data, sizes));
            context.AddLoop(
                WorkloadNames.Batch100Concurrent,
                Contenders.Postgres,
                await OursAsync(postgres, "b8", WorkloadSizes.ConcurrentBatchWriters, WorkloadSizes.BatchSize, type, data, sizes));
        }

        await RawSqliteAsync(context, type, data);
        await RawPostgresAsync(context, type, data);
    }

    // Gives the PostgreSQL store the state of a ledger that has been running for a while: 20,000 events and fresh
    // statistics. On a brand-new table the writer's auto-prepared id lookup gets a generic plan from the statistics of a
    // tiny table (a sequential scan) and keeps it while the table grows, until the next ANALYZE; docs/benchmarks.md
    // shows both figures and the fix.
    private static async Task SettleAsync(PostgresEventStore store, string schema, string type, byte[] data)
    {
        for (var i = 0; i < 200; i++)
        {
            await store.AppendToStreamAsync(
                $"bench-seed-{i}",
                ExpectedRevision.NoStream,
                Enumerable.Range(0, WorkloadSizes.BatchSize).Select(_ => new EventData(Guid.CreateVersion7(), type, data, Metadata, LedgerDataset.Start)).ToArray());
        }

        await using var analyze = store.DataSource.CreateCommand($"ANALYZE \"{schema}\".events");
        await analyze.ExecuteNonQueryAsync();
    }

    private static Task<LoopResult> OursAsync(IEventStore store, string prefix, int writers, int batch, string type, byte[] data, WorkloadSizes sizes)
    {
        var occurredAt = LedgerDataset.Start;
        return TimedLoop.RunAsync(writers, sizes.AppendWarmup, sizes.AppendDuration, batch, w =>
        {
            var stream = $"bench-{prefix}-{w}";
            long? revision = null;
            var next = 0;
            return async () =>
            {
                if (batch == 1)
                {
                    var appended = await store.AppendToStreamAsync(
                        stream, ExpectedRevision.FromCurrent(revision), [new EventData(Guid.CreateVersion7(), type, data, Metadata, occurredAt)]).ConfigureAwait(false);
                    revision = appended.NextExpectedRevision;
                }
                else
                {
                    var events = new EventData[batch];
                    for (var i = 0; i < batch; i++)
                    {
                        events[i] = new EventData(Guid.CreateVersion7(), type, data, Metadata, occurredAt);
                    }

                    await store.AppendToStreamAsync($"{stream}-{next++}", ExpectedRevision.NoStream, events).ConfigureAwait(false);
                }
            };
        });
    }

    private static async Task RawSqliteAsync(BenchmarkContext context, string type, byte[] data)
    {
        var sizes = context.Sizes;
        using var connection = RawBaselines.OpenSqlite(context.SqlitePath("raw-append"));
        using var insert = RawBaselines.PrepareSqliteInsert(connection);
        using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE;";
        using var commit = connection.CreateCommand();
        commit.CommandText = "COMMIT;";
        long position = 0;

        // One connection, one commit per row: SQLite has one writer per file, so concurrent callers take turns.
        var gate = new SemaphoreSlim(1, 1);
        foreach (var writers in WorkloadSizes.AppendWriters)
        {
            var loop = await TimedLoop.RunAsync(writers, sizes.AppendWarmup, sizes.AppendDuration, 1, w =>
            {
                var stream = $"raw-a{writers}-{w}";
                long revision = -1;
                return async () =>
                {
                    await gate.WaitAsync().ConfigureAwait(false);
                    try
                    {
                        RawBaselines.BindSqlite(insert, ++position, Guid.CreateVersion7(), stream, ++revision, type, data);
                        insert.ExecuteNonQuery();
                    }
                    finally
                    {
                        gate.Release();
                    }
                };
            });
            context.AddLoop(WorkloadNames.Append(writers), Contenders.SqliteRaw, loop);
        }

        var batches = 0;
        var batchLoop = await TimedLoop.RunAsync(1, sizes.AppendWarmup, sizes.AppendDuration, WorkloadSizes.BatchSize, _ => () =>
        {
            var stream = $"raw-b-{batches++}";
            begin.ExecuteNonQuery();
            for (var i = 0; i < WorkloadSizes.BatchSize; i++)
            {
                RawBaselines.BindSqlite(insert, ++position, Guid.CreateVersion7(), stream, i, type, data);
                insert.ExecuteNonQuery();
            }

            commit.ExecuteNonQuery();
            return Task.CompletedTask;
        });
        context.AddLoop(WorkloadNames.Batch100, Contenders.SqliteRaw, batchLoop);
    }

    private static async Task RawPostgresAsync(BenchmarkContext context, string type, byte[] data)
    {
        var sizes = context.Sizes;
        await using var dataSource = NpgsqlDataSource.Create(context.PostgresConnectionString);
        await RawBaselines.CreatePostgresTableAsync(dataSource);
        long position = 0;

        // One connection per writer, one autocommit INSERT per row; PostgreSQL flushes concurrent commits together itself.
        foreach (var writers in WorkloadSizes.AppendWriters)
        {
            var connections = new List<NpgsqlConnection>();
            try
            {
                for (var i = 0; i < writers; i++)
                {
                    connections.Add(await dataSource.OpenConnectionAsync());
                }

                var loop = await TimedLoop.RunAsync(writers, sizes.AppendWarmup, sizes.AppendDuration, 1, w =>
                {
                    var insert = RawBaselines.PreparePostgresInsert(connections[w]);
                    var stream = $"raw-a{writers}-{w}";
                    long revision = -1;
                    return async () =>
                    {
                        RawBaselines.BindPostgres(insert, Interlocked.Increment(ref position), Guid.CreateVersion7(), stream, ++revision, type, data);
                        await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
                    };
                });
                context.AddLoop(WorkloadNames.Append(writers), Contenders.PostgresRaw, loop);
            }
            finally
            {
                foreach (var connection in connections)
                {
                    await connection.DisposeAsync();
                }
            }
        }

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            var batches = 0;
            var loop = await TimedLoop.RunAsync(1, sizes.AppendWarmup, sizes.AppendDuration, WorkloadSizes.BatchSize, _ => async () =>
            {
                var stream = $"raw-b-{batches++}";
                var n = WorkloadSizes.BatchSize;
                var first = position + 1;
                position += n;
                await using var insert = new NpgsqlCommand(RawBaselines.PostgresInsertMany, connection)
                {
                    Parameters =
                    {
                        new NpgsqlParameter<long[]> { TypedValue = Enumerable.Range(0, n).Select(i => first + i).ToArray() },
                        new NpgsqlParameter<Guid[]> { TypedValue = Enumerable.Range(0, n).Select(_ => Guid.CreateVersion7()).ToArray() },
                        new NpgsqlParameter<string[]> { TypedValue = Enumerable.Repeat(stream, n).ToArray() },
                        new NpgsqlParameter<long[]> { TypedValue = Enumerable.Range(0, n).Select(i => (long)i).ToArray() },
                        new NpgsqlParameter<string[]> { TypedValue = Enumerable.Repeat(type, n).ToArray() },
                        new NpgsqlParameter<byte[][]> { TypedValue = Enumerable.Repeat(data, n).ToArray() },
                        new NpgsqlParameter<byte[][]> { TypedValue = Enumerable.Repeat(RawBaselines.Metadata, n).ToArray() },
                        new NpgsqlParameter<long[]> { TypedValue = Enumerable.Range(0, n).Select(i => 1_700_000_000_000_000L + first + i).ToArray() },
                        new NpgsqlParameter<long[]> { TypedValue = Enumerable.Repeat(1_700_000_000_000_000L, n).ToArray() },
                        new NpgsqlParameter<byte[][]> { TypedValue = Enumerable.Repeat(RawBaselines.Hash, n).ToArray() },
                    },
                };
                await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
            });
            context.AddLoop(WorkloadNames.Batch100, Contenders.PostgresRaw, loop);

            var copies = 0;
            var copyLoop = await TimedLoop.RunAsync(1, sizes.AppendWarmup, sizes.AppendDuration, WorkloadSizes.BatchSize, _ => async () =>
            {
                var stream = $"raw-c-{copies++}";
                await using var import = await connection.BeginBinaryImportAsync(RawBaselines.PostgresCopy).ConfigureAwait(false);
                for (var i = 0; i < WorkloadSizes.BatchSize; i++)
                {
                    var p = ++position;
                    await import.StartRowAsync().ConfigureAwait(false);
                    await import.WriteAsync(p, NpgsqlDbType.Bigint).ConfigureAwait(false);
                    await import.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid).ConfigureAwait(false);
                    await import.WriteAsync(stream, NpgsqlDbType.Text).ConfigureAwait(false);
                    await import.WriteAsync((long)i, NpgsqlDbType.Bigint).ConfigureAwait(false);
                    await import.WriteAsync(type, NpgsqlDbType.Text).ConfigureAwait(false);
                    await import.WriteAsync(data, NpgsqlDbType.Bytea).ConfigureAwait(false);
                    await import.WriteAsync(RawBaselines.Metadata, NpgsqlDbType.Bytea).ConfigureAwait(false);
                    await import.WriteAsync(1_700_000_000_000_000L + p, NpgsqlDbType.Bigint).ConfigureAwait(false);
                    await import.WriteAsync(1_700_000_000_000_000L, NpgsqlDbType.Bigint).ConfigureAwait(false);
                    await import.WriteAsync(RawBaselines.Hash, NpgsqlDbType.Bytea).ConfigureAwait(false);
                }

                await import.CompleteAsync().ConfigureAwait(false);
            });
            context.AddLoop(WorkloadNames.Batch100, Contenders.PostgresRawCopy, copyLoop);
        }
    }
}
