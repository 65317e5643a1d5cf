using System.Runtime.CompilerServices;
using LedgerReconcile.EventStore.Storage;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LedgerReconcile.EventStore.Sqlite;

/// <summary>
/// The embedded event store: one SQLite file in WAL mode. A single writer connection commits appends in groups, which
/// also makes global positions gap-free and in commit order; every read runs on its own pooled connection and sees
/// only committed events.
/// </summary>
public sealed class SqliteEventStore : IEventStore, IAsyncDisposable
{
    // Pages stop at this many events or this many payload bytes, whichever comes first, so that a read never holds
    // the store (or one huge stream) in memory and never keeps a WAL snapshot open while its consumer is busy.
    private const int PageSize = 2048;
    private const long PageBytes = 8 * 1024 * 1024;

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly SqliteAppendWriter _writer;
    private readonly GroupCommitQueue _queue;
    private readonly AppendSignal _signal = new();
    private int _disposed;

    private SqliteEventStore(string connectionString, SqliteAppendWriter writer)
    {
        ConnectionString = connectionString;
        _writer = writer;
        _queue = new GroupCommitQueue(CommitGroupAsync);
    }

    /// <summary>A pooled, read-write connection string to the store's file, for projections that open their own connections.</summary>
    public string ConnectionString { get; }

    /// <summary>Opens (creating and migrating when needed) the store file.</summary>
    public static async Task<SqliteEventStore> OpenAsync(SqliteStoreOptions options, TimeProvider? time = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = Path.GetFullPath(options.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        };
        var connectionString = builder.ToString();
        builder.Pooling = false;

        var connection = new SqliteConnection(builder.ToString());
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            SqliteSchema.ConfigureWriter(connection, options.Durable);
            SqliteSchema.Migrate(connection);
            return new SqliteEventStore(connectionString, new SqliteAppendWriter(connection, time ?? TimeProvider.System));
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<AppendResult> AppendToStreamAsync(
        string stream,
        ExpectedRevision expectedRevision,
        IReadOnlyList<EventData> events,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(events);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();

        // A copy, so the batch checked here is the batch written even if the caller reuses its list.
        var batch = events.ToArray();
        AppendValidation.Validate(stream, batch);

        // Cancelling stops the wait, not the append: the outcome is then unknown, and re-sending the same ids is safe.
        return await _queue.EnqueueAsync(new PendingAppend(stream, expectedRevision, batch))
            .WaitAsync(cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<RecordedEvent> ReadStreamAsync(
        string stream,
        ReadDirection direction,
        long fromRevision,
        long maxCount = long.MaxValue,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(fromRevision);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);

        var sql = direction == ReadDirection.Forwards
            ? $"SELECT {SqliteEventRows.Columns} FROM events WHERE stream = $stream AND revision >= $from ORDER BY revision LIMIT $limit;"
            : $"SELECT {SqliteEventRows.Columns} FROM events WHERE stream = $stream AND revision <= $from ORDER BY revision DESC LIMIT $limit;";
        var step = direction == ReadDirection.Forwards ? 1 : -1;
        return ReadPagedAsync(sql, stream, fromRevision, maxCount, (rows, r) => rows.ReadRecorded(r), e => e.Revision + step, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<RecordedEvent> ReadAllAsync(
        long afterPosition,
        long maxCount = long.MaxValue,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterPosition);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        return ReadPagedAsync(
            $"SELECT {SqliteEventRows.Columns} FROM events WHERE position > $from ORDER BY position LIMIT $limit;",
            null,
            afterPosition,
            maxCount,
            (rows, r) => rows.ReadRecorded(r),
            e => e.Position,
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<long?> ReadStreamRevisionAsync(string stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await using var connection = await OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT max(revision) FROM events WHERE stream = $stream;";
        command.Parameters.AddWithValue("$stream", stream);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long revision ? revision : null;
    }

    /// <inheritdoc />
    public async Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(max(position), 0) FROM events;";
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<SubscriptionMessage> SubscribeToAllAsync(
        long afterPosition,
        SubscriptionFilter? filter = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterPosition);
        return CatchUpSubscription.RunAsync(this, _signal, PollInterval, afterPosition, filter, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ChainVerification> VerifyAsync(
        string? stream = null,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        // Within a stream, revision order is position order; walking the (stream, revision) index avoids a sort.
        var rows = stream is null
            ? ReadPagedAsync(
                $"SELECT {SqliteEventRows.Columns} FROM events WHERE position > $from ORDER BY position LIMIT $limit;",
                null,
                0,
                long.MaxValue,
                (r, reader) => r.ReadStored(reader),
                row => row.Position,
                cancellationToken)
            : ReadPagedAsync(
                $"SELECT {SqliteEventRows.Columns} FROM events WHERE stream = $stream AND revision >= $from ORDER BY revision LIMIT $limit;",
                stream,
                0,
                long.MaxValue,
                (r, reader) => r.ReadStored(reader),
                row => row.Revision + 1,
                cancellationToken);
        return HashChainVerifier.VerifyAsync(rows, progress, cancellationToken, wholeStore: stream is null);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _queue.DisposeAsync().ConfigureAwait(false);
        _writer.Dispose();
        using var pooled = new SqliteConnection(ConnectionString);
        SqliteConnection.ClearPool(pooled);
    }

    private Task CommitGroupAsync(IReadOnlyList<PendingAppend> group, CancellationToken cancellationToken)
    {
        var (outcomes, head) = _writer.Commit(group);
        for (var i = 0; i < group.Count; i++)
        {
            if (outcomes[i].Result is { } result)
            {
                group[i].Succeed(result);
            }
            else
            {
                group[i].Fail(outcomes[i].Error!);
            }
        }

        _signal.Publish(head);
        return Task.CompletedTask;
    }

    private async Task<SqliteConnection> OpenReadConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // Raw statements bypass the driver's own retry on a busy file (e.g. while another process recovers the WAL).
            raw.sqlite3_busy_timeout(connection.Handle, SqliteSchema.BusyTimeoutMilliseconds);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Each page is its own short read transaction: positions and revisions only ever grow, so continuing after the
    // last key read neither skips nor repeats, and no snapshot is held while the consumer works through a page.
    private async IAsyncEnumerable<T> ReadPagedAsync<T>(
        string sql,
        string? stream,
        long from,
        long maxCount,
        Func<SqliteEventRows, sqlite3_stmt, T> map,
        Func<T, long> nextFrom,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (maxCount == 0)
        {
            yield break;
        }

        await using var connection = await OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        var database = connection.Handle!;
        Check(raw.sqlite3_prepare_v2(database, sql, out var statement), database);
        try
        {
            var rows = new SqliteEventRows();
            var page = new List<T>((int)Math.Min(maxCount, PageSize));
            var remaining = maxCount;
            while (remaining > 0)
            {
                var limit = Math.Min(remaining, PageSize);
                ReadPage(database, statement, stream, from, limit, rows, map, page, out var cut);
                foreach (var item in page)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return item;
                }

                remaining -= page.Count;
                if (page.Count == 0 || (!cut && page.Count < limit))
                {
                    yield break;
                }

                from = nextFrom(page[^1]);
                if (from < 0)
                {
                    yield break;
                }
            }
        }
        finally
        {
            statement.Dispose();
        }
    }

    private static void ReadPage<T>(
        sqlite3 database,
        sqlite3_stmt statement,
        string? stream,
        long from,
        long limit,
        SqliteEventRows rows,
        Func<SqliteEventRows, sqlite3_stmt, T> map,
        List<T> page,
        out bool cut)
    {
        page.Clear();
        rows.BytesRead = 0;
        cut = false;
        Check(raw.sqlite3_reset(statement), database);
        var parameter = 1;
        if (stream is not null)
        {
            Check(raw.sqlite3_bind_text(statement, parameter++, stream), database);
        }

        Check(raw.sqlite3_bind_int64(statement, parameter++, from), database);
        Check(raw.sqlite3_bind_int64(statement, parameter, limit), database);
        try
        {
            int step;
            while ((step = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                page.Add(map(rows, statement));
                if (rows.BytesRead >= PageBytes)
                {
                    cut = true;
                    return;
                }
            }

            Check(step, database);
        }
        finally
        {
            // Ends the page's read transaction, so no WAL snapshot outlives the page.
            raw.sqlite3_reset(statement);
        }
    }

    private static void Check(int resultCode, sqlite3 database)
    {
        if (resultCode is not (raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE))
        {
            SqliteException.ThrowExceptionForRC(resultCode, database);
        }
    }
}
