using LedgerReconcile.EventStore.Storage;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LedgerReconcile.EventStore.Sqlite;

/// <summary>What one append of a group came to; applied to its caller only once the group is committed.</summary>
internal readonly record struct AppendOutcome(AppendResult? Result, Exception? Error);

/// <summary>
/// The store's only writing connection. It commits a whole group in one <c>BEGIN IMMEDIATE</c> transaction, reading
/// the head and each stream's last event inside it, so a second process writing the same file stays correct.
/// Statements are prepared once and driven through SQLite's C API: the writer is the store's one sequential
/// bottleneck, and the driver's per-command bookkeeping cost about a third of each insert.
/// </summary>
internal sealed class SqliteAppendWriter : IDisposable
{
    private const int IdsPerLookup = 64;

    private static readonly byte[] Genesis = EventHash.Genesis.ToArray();

    private readonly SqliteConnection _connection;
    private readonly sqlite3 _database;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, StreamHead> _streamsInGroup = new(StringComparer.Ordinal);
    private readonly List<StoredEventPlace> _stored = [];

    private readonly sqlite3_stmt _begin;
    private readonly sqlite3_stmt _commit;
    private readonly sqlite3_stmt _rollback;
    private readonly sqlite3_stmt _readHead;
    private readonly sqlite3_stmt _readStreamHead;
    private readonly sqlite3_stmt _findOne;
    private readonly sqlite3_stmt _findMany;
    private readonly sqlite3_stmt _insert;

    internal SqliteAppendWriter(SqliteConnection connection, TimeProvider time)
    {
        _connection = connection;
        _database = connection.Handle!;
        _time = time;

        _begin = Prepare("BEGIN IMMEDIATE;");
        _commit = Prepare("COMMIT;");
        _rollback = Prepare("ROLLBACK;");
        _readHead = Prepare("SELECT position, recorded_at FROM events ORDER BY position DESC LIMIT 1;");
        _readStreamHead = Prepare("SELECT revision, hash FROM events WHERE stream = ?1 ORDER BY revision DESC LIMIT 1;");
        _findOne = Prepare("SELECT event_id, stream, revision, position FROM events WHERE event_id = ?1;");
        _findMany = Prepare(
            "SELECT event_id, stream, revision, position FROM events WHERE event_id IN ("
            + string.Join(", ", Enumerable.Range(1, IdsPerLookup).Select(i => $"?{i}"))
            + ");");
        _insert = Prepare(
            """
            INSERT INTO events (position, event_id, stream, revision, type, data, metadata, recorded_at, occurred_at, hash)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10);
            """);
    }

    /// <summary>
    /// Checks and inserts every append of the group in one transaction and commits it. Returns each append's outcome
    /// and the head after the commit; throws (having rolled back) when the database itself fails.
    /// </summary>
    internal (AppendOutcome[] Outcomes, long Head) Commit(IReadOnlyList<PendingAppend> group)
    {
        Run(_begin);
        try
        {
            _streamsInGroup.Clear();
            var (head, lastRecordedAt) = ReadHead();
            var outcomes = new AppendOutcome[group.Count];
            for (var i = 0; i < group.Count; i++)
            {
                outcomes[i] = Append(group[i], ref head, ref lastRecordedAt);
            }

            Run(_commit);
            return (outcomes, head);
        }
        catch
        {
            if (raw.sqlite3_get_autocommit(_database) == 0)
            {
                raw.sqlite3_step(_rollback);
                raw.sqlite3_reset(_rollback);
            }

            throw;
        }
        finally
        {
            _streamsInGroup.Clear();
        }
    }

    public void Dispose()
    {
        foreach (var statement in new[] { _begin, _commit, _rollback, _readHead, _readStreamHead, _findOne, _findMany, _insert })
        {
            statement.Dispose();
        }

        _connection.Dispose();
    }

    private AppendOutcome Append(PendingAppend append, ref long head, ref long lastRecordedAt)
    {
        var stream = append.Stream;
        var events = append.Events;
        StreamHead current;
        try
        {
            FindStored(events);
            current = ReadStreamHead(stream);
            if (IdempotentReplay.Resolve(stream, append.Expected, events, _stored, current.Revision) is { } original)
            {
                return new AppendOutcome(original, null);
            }
        }
        catch (Exception refused) when (refused is WrongExpectedRevisionException or IdempotencyViolationException)
        {
            return new AppendOutcome(null, refused);
        }

        if (!append.Expected.IsSatisfiedBy(current.Revision))
        {
            return new AppendOutcome(null, new WrongExpectedRevisionException(stream, append.Expected, current.Revision));
        }

        // Record time never runs backwards, whatever the clock (or another process's clock) did.
        var recordedAt = Math.Max(StoreTime.ToMicroseconds(_time.GetUtcNow()), lastRecordedAt);
        var revision = current.Revision ?? -1;
        var previousHash = current.Hash ?? Genesis;
        EventMetadata? lastMetadata = null;
        byte[] metadataJson = [];
        Span<byte> eventId = stackalloc byte[16];

        foreach (var e in events)
        {
            revision++;
            head++;
            if (lastMetadata is null || !lastMetadata.Equals(e.Metadata))
            {
                lastMetadata = e.Metadata;
                metadataJson = MetadataJson.Serialize(e.Metadata);
            }

            var data = e.Data.Span;
            var occurredAt = StoreTime.ToMicroseconds(e.OccurredAt);
            var hash = EventHash.Compute(
                previousHash, e.EventId, stream, revision, head, e.Type, data, metadataJson, recordedAt, occurredAt);
            e.EventId.TryWriteBytes(eventId, bigEndian: true, out _);

            Check(raw.sqlite3_reset(_insert));
            Check(raw.sqlite3_bind_int64(_insert, 1, head));
            Check(raw.sqlite3_bind_blob(_insert, 2, eventId));
            Check(raw.sqlite3_bind_text(_insert, 3, stream));
            Check(raw.sqlite3_bind_int64(_insert, 4, revision));
            Check(raw.sqlite3_bind_text(_insert, 5, e.Type));
            Check(BindBlob(_insert, 6, data));
            Check(raw.sqlite3_bind_blob(_insert, 7, metadataJson));
            Check(raw.sqlite3_bind_int64(_insert, 8, recordedAt));
            Check(raw.sqlite3_bind_int64(_insert, 9, occurredAt));
            Check(raw.sqlite3_bind_blob(_insert, 10, hash));
            Run(_insert);
            previousHash = hash;
        }

        _streamsInGroup[stream] = new StreamHead(revision, previousHash);
        lastRecordedAt = recordedAt;
        return new AppendOutcome(new AppendResult(revision, head), null);
    }

    private (long Head, long LastRecordedAt) ReadHead()
    {
        try
        {
            return Step(_readHead)
                ? (raw.sqlite3_column_int64(_readHead, 0), raw.sqlite3_column_int64(_readHead, 1))
                : (0, long.MinValue);
        }
        finally
        {
            raw.sqlite3_reset(_readHead);
        }
    }

    private StreamHead ReadStreamHead(string stream)
    {
        if (_streamsInGroup.TryGetValue(stream, out var cached))
        {
            return cached;
        }

        try
        {
            Check(raw.sqlite3_bind_text(_readStreamHead, 1, stream));
            var head = Step(_readStreamHead)
                ? new StreamHead(raw.sqlite3_column_int64(_readStreamHead, 0), raw.sqlite3_column_blob(_readStreamHead, 1).ToArray())
                : new StreamHead(null, null);
            _streamsInGroup[stream] = head;
            return head;
        }
        finally
        {
            raw.sqlite3_reset(_readStreamHead);
        }
    }

    // The ids are unique in the table and this connection sees the group's own uncommitted rows, so a batch repeated
    // within one group is found here like one committed long ago.
    private void FindStored(IReadOnlyList<EventData> events)
    {
        _stored.Clear();
        Span<byte> id = stackalloc byte[16];
        var find = events.Count == 1 ? _findOne : _findMany;
        for (var start = 0; start < events.Count; start += IdsPerLookup)
        {
            try
            {
                Check(raw.sqlite3_clear_bindings(find));
                for (var i = start; i < events.Count && i < start + IdsPerLookup; i++)
                {
                    events[i].EventId.TryWriteBytes(id, bigEndian: true, out _);
                    Check(raw.sqlite3_bind_blob(find, i - start + 1, id));
                }

                while (Step(find))
                {
                    _stored.Add(new StoredEventPlace(
                        new Guid(raw.sqlite3_column_blob(find, 0), bigEndian: true),
                        raw.sqlite3_column_text(find, 1).utf8_to_string(),
                        raw.sqlite3_column_int64(find, 2),
                        raw.sqlite3_column_int64(find, 3)));
                }
            }
            finally
            {
                raw.sqlite3_reset(find);
            }
        }
    }

    // SQLite reads a zero-length blob bound from an empty span as NULL; data may legitimately be empty.
    private static int BindBlob(sqlite3_stmt statement, int index, ReadOnlySpan<byte> bytes) =>
        bytes.IsEmpty ? raw.sqlite3_bind_zeroblob(statement, index, 0) : raw.sqlite3_bind_blob(statement, index, bytes);

    private bool Step(sqlite3_stmt statement)
    {
        var result = raw.sqlite3_step(statement);
        if (result == raw.SQLITE_ROW)
        {
            return true;
        }

        Check(result);
        return false;
    }

    private void Run(sqlite3_stmt statement)
    {
        try
        {
            Step(statement);
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    private void Check(int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE))
        {
            SqliteException.ThrowExceptionForRC(result, _database);
        }
    }

    private sqlite3_stmt Prepare(string sql)
    {
        Check(raw.sqlite3_prepare_v3(_database, sql, raw.SQLITE_PREPARE_PERSISTENT, out var statement));
        return statement;
    }

    private readonly record struct StreamHead(long? Revision, byte[]? Hash);
}
