using LedgerReconcile.EventStore.Storage;
using Microsoft.Data.Sqlite;

namespace LedgerReconcile.EventStore.Sqlite;

/// <summary>
/// The embedded event store: one SQLite file in WAL mode. A single writer connection commits appends in groups, which
/// also makes global positions gap-free and in commit order; every read runs on its own pooled connection and sees
/// only committed events.
/// </summary>
public sealed partial class SqliteEventStore : RowEventStore, IAsyncDisposable
{
    private const string SelectAll = $"SELECT {SqliteEventRows.Columns} FROM events WHERE position > $from ORDER BY position LIMIT $limit;";
    private const string SelectStreamForwards =
        $"SELECT {SqliteEventRows.Columns} FROM events WHERE stream = $stream AND revision >= $from ORDER BY revision LIMIT $limit;";
    private const string SelectStreamBackwards =
        $"SELECT {SqliteEventRows.Columns} FROM events WHERE stream = $stream AND revision <= $from ORDER BY revision DESC LIMIT $limit;";

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly SqliteAppendWriter _writer;
    private readonly GroupCommitQueue _queue;
    private int _disposed;

    private SqliteEventStore(string connectionString, SqliteAppendWriter writer)
        : base(new AppendSignal(), PollInterval)
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
    public override async Task<AppendResult> AppendToStreamAsync(
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
    public override IAsyncEnumerable<RecordedEvent> ReadStreamAsync(
        string stream,
        ReadDirection direction,
        long fromRevision,
        long maxCount = long.MaxValue,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(fromRevision);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);

        var sql = direction == ReadDirection.Forwards ? SelectStreamForwards : SelectStreamBackwards;
        var step = direction == ReadDirection.Forwards ? 1 : -1;
        return ReadPagedAsync(sql, stream, fromRevision, maxCount, (rows, r) => rows.ReadRecorded(r), e => e.Revision + step, cancellationToken);
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<RecordedEvent> ReadAllAsync(
        long afterPosition,
        long maxCount = long.MaxValue,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterPosition);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        return ReadPagedAsync(SelectAll, null, afterPosition, maxCount, (rows, r) => rows.ReadRecorded(r), e => e.Position, cancellationToken);
    }

    /// <inheritdoc />
    public override async Task<long?> ReadStreamRevisionAsync(string stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await using var connection = await OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT max(revision) FROM events WHERE stream = $stream;";
        command.Parameters.AddWithValue("$stream", stream);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long revision ? revision : null;
    }

    /// <inheritdoc />
    public override async Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(max(position), 0) FROM events;";
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    protected override IAsyncEnumerable<StoredEventRow> ReadAllRowsAsync(long afterPosition, long maxCount, CancellationToken cancellationToken) =>
        ReadPagedAsync(SelectAll, null, afterPosition, maxCount, (rows, r) => rows.ReadStored(r), row => row.Position, cancellationToken);

    /// <inheritdoc />
    protected override IAsyncEnumerable<StoredEventRow> ReadStreamRowsAsync(string stream, CancellationToken cancellationToken) =>
        ReadPagedAsync(SelectStreamForwards, stream, 0, long.MaxValue, (rows, r) => rows.ReadStored(r), row => row.Revision + 1, cancellationToken);

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

        Signal.Publish(head);
        return Task.CompletedTask;
    }
}
