using System.Runtime.InteropServices;
using LedgerReconcile.EventStore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace LedgerReconcile.EventStore.Postgres;

/// <summary>
/// Commits one group of appends in one transaction. It first takes the store's sequencer lock
/// (<c>pg_advisory_xact_lock</c>), so across every process only one append transaction runs at a time; under the lock it
/// reads the head, the streams' last events and the ids already stored, decides every append in memory, then writes the
/// new rows with one array INSERT and commits. Positions are therefore handed out in commit order and a reader can
/// never see position p+1 before p. Two round trips per group; outcomes are only given once the commit is durable.
/// </summary>
internal sealed class GroupAppendTransaction(NpgsqlDataSource dataSource, SchemaName schema, TimeProvider time, AppendSignal signal)
    : IAsyncDisposable
{
    // The writer's own connection, kept open between groups; only the queue's single writer task touches it.
    private NpgsqlConnection? _connection;

    private readonly string _lock = $"SELECT pg_advisory_xact_lock({schema.SequencerLockKey})";

    private readonly string _readHead = $"SELECT position, recorded_at FROM {schema.Quoted}.events ORDER BY position DESC LIMIT 1";

    private readonly string _readStreamTips = $"""
        SELECT last.stream, last.revision, last.hash
          FROM unnest($1::text[]) AS wanted(stream)
          CROSS JOIN LATERAL (
              SELECT e.stream, e.revision, e.hash FROM {schema.Quoted}.events e
               WHERE e.stream = wanted.stream ORDER BY e.revision DESC LIMIT 1) AS last
        """;

    private readonly string _readStoredIds =
        $"SELECT event_id, stream, revision, position FROM {schema.Quoted}.events WHERE event_id = ANY($1::uuid[])";

    private readonly string _insert = $"""
        INSERT INTO {schema.Quoted}.events (position, event_id, stream, revision, type, data, metadata, recorded_at, occurred_at, hash)
        SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::bytea[], $7::bytea[], $8::bigint[], $9::bigint[], $10::bytea[])
        """;

    public async Task CommitAsync(IReadOnlyList<PendingAppend> group, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        GroupState state;
        List<Action> outcomes;
        try
        {
            state = await ReadStateAsync(connection, group, cancellationToken).ConfigureAwait(false);
            var rows = new List<StoredEventRow>();
            outcomes = new List<Action>(group.Count);
            foreach (var append in group)
            {
                outcomes.Add(Decide(append, state, rows));
            }

            await WriteRowsAndCommitAsync(connection, rows, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // After a failure the session's state is unknown (the COMMIT may or may not have happened): drop it and
            // let the queue retry; idempotency turns a retried append that did commit into its original result.
            _connection = null;
            await RollBackQuietlyAsync(connection).ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        foreach (var complete in outcomes)
        {
            complete();
        }

        signal.Publish(state.Head);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<NpgsqlConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { State: System.Data.ConnectionState.Open } open)
        {
            return open;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        _connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // The writer's statements are prepared once on this long-lived session. Left to itself, PostgreSQL settles on a
        // generic plan made while the table was tiny (a sequential scan for the id lookup) and keeps it as the ledger
        // grows; planning each execution for its parameters keeps the lookups on their indexes (docs/benchmarks.md).
        await using (var plan = new NpgsqlCommand("SET plan_cache_mode = force_custom_plan", _connection))
        {
            await plan.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return _connection;
    }

    private static Action Decide(PendingAppend append, GroupState state, List<StoredEventRow> rows)
    {
        try
        {
            state.Streams.TryGetValue(append.Stream, out var last);
            var current = last?.Revision;

            var stored = new List<StoredEventPlace>();
            foreach (var e in append.Events)
            {
                if (state.Places.TryGetValue(e.EventId, out var place))
                {
                    stored.Add(place);
                }
            }

            if (IdempotentReplay.Resolve(append.Stream, append.Expected, append.Events, stored, current) is { } repeated)
            {
                return () => append.Succeed(repeated);
            }

            if (!append.Expected.IsSatisfiedBy(current))
            {
                var conflict = new WrongExpectedRevisionException(append.Stream, append.Expected, current);
                return () => append.Fail(conflict);
            }

            var previousHash = last?.Hash ?? EventHash.Genesis.ToArray();
            var revision = current ?? -1;
            foreach (var e in append.Events)
            {
                revision++;
                var position = ++state.Head;
                var metadata = MetadataJson.Serialize(e.Metadata);
                var occurredAt = StoreTime.ToMicroseconds(e.OccurredAt);
                var hash = EventHash.Compute(
                    previousHash, e.EventId, append.Stream, revision, position, e.Type, e.Data.Span, metadata, state.RecordedAt, occurredAt);
                rows.Add(new StoredEventRow(
                    e.EventId, append.Stream, revision, position, e.Type, e.Data, metadata, state.RecordedAt, occurredAt, hash));
                state.Places[e.EventId] = new StoredEventPlace(e.EventId, append.Stream, revision, position);
                previousHash = hash;
            }

            state.Streams[append.Stream] = new StreamTip(revision, previousHash);
            var result = new AppendResult(revision, state.Head);
            return () => append.Succeed(result);
        }
        catch (Exception refused) when (refused is WrongExpectedRevisionException or IdempotencyViolationException)
        {
            return () => append.Fail(refused);
        }
    }

    private async Task<GroupState> ReadStateAsync(
        NpgsqlConnection connection, IReadOnlyList<PendingAppend> group, CancellationToken cancellationToken)
    {
        var streams = group.Select(a => a.Stream).Distinct(StringComparer.Ordinal).ToArray();
        var ids = group.SelectMany(a => a.Events).Select(e => e.EventId).ToArray();

        // One round trip: the statements run in order, each with a snapshot taken after the one before finished. The
        // transaction is begun and ended by plain BEGIN and COMMIT inside the batches so that a group costs two round
        // trips; a connection that goes back to the pool inside a transaction is rolled back by Npgsql.
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("BEGIN ISOLATION LEVEL READ COMMITTED"),
                new NpgsqlBatchCommand(_lock),
                new NpgsqlBatchCommand(_readHead),
                new NpgsqlBatchCommand(_readStreamTips)
                {
                    Parameters = { new() { Value = streams, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text } },
                },
                new NpgsqlBatchCommand(_readStoredIds)
                {
                    Parameters = { new() { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid } },
                },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);

        // The reader starts on the lock's (void) row, BEGIN having no result set; everything after it reads a snapshot
        // taken once the lock is ours.
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);

        long head = 0, lastRecordedAt = long.MinValue;
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            head = reader.GetInt64(0);
            lastRecordedAt = reader.GetInt64(1);
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var tips = new Dictionary<string, StreamTip>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tips[reader.GetString(0)] = new StreamTip(reader.GetInt64(1), reader.GetFieldValue<byte[]>(2));
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var places = new Dictionary<Guid, StoredEventPlace>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetGuid(0);
            places[id] = new StoredEventPlace(id, reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3));
        }

        // Record time never runs backwards, not even when another process with a faster clock committed last.
        var now = StoreTime.ToMicroseconds(time.GetUtcNow());
        return new GroupState(head, Math.Max(now, lastRecordedAt), tips, places);
    }

    private async Task WriteRowsAndCommitAsync(NpgsqlConnection connection, List<StoredEventRow> rows, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        if (rows.Count > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_insert)
            {
                Parameters =
                {
                    Array(rows, r => r.Position, NpgsqlDbType.Bigint),
                    Array(rows, r => r.EventId, NpgsqlDbType.Uuid),
                    Array(rows, r => r.Stream, NpgsqlDbType.Text),
                    Array(rows, r => r.Revision, NpgsqlDbType.Bigint),
                    Array(rows, r => r.Type, NpgsqlDbType.Text),
                    Array(rows, r => AsArray(r.Data), NpgsqlDbType.Bytea),
                    Array(rows, r => AsArray(r.MetadataJson), NpgsqlDbType.Bytea),
                    Array(rows, r => r.RecordedAtMicroseconds, NpgsqlDbType.Bigint),
                    Array(rows, r => r.OccurredAtMicroseconds, NpgsqlDbType.Bigint),
                    Array(rows, r => AsArray(r.Hash), NpgsqlDbType.Bytea),
                },
            });
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task RollBackQuietlyAsync(NpgsqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception error) when (error is NpgsqlException or InvalidOperationException)
        {
            // The connection is broken; the server ends the transaction with the session. The first error is the one to report.
        }
    }

    private static NpgsqlParameter Array<T>(List<StoredEventRow> rows, Func<StoredEventRow, T> column, NpgsqlDbType type)
    {
        var values = new T[rows.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = column(rows[i]);
        }

        return new NpgsqlParameter<T[]> { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | type };
    }

    private static byte[] AsArray(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : bytes.ToArray();

    private sealed record StreamTip(long Revision, byte[] Hash);

    private sealed class GroupState(
        long head, long recordedAt, Dictionary<string, StreamTip> streams, Dictionary<Guid, StoredEventPlace> places)
    {
        public long Head { get; set; } = head;

        public long RecordedAt { get; } = recordedAt;

        public Dictionary<string, StreamTip> Streams { get; } = streams;

        /// <summary>Ids stored before the group, and ids given places by earlier appends of this same group.</summary>
        public Dictionary<Guid, StoredEventPlace> Places { get; } = places;
    }
}
