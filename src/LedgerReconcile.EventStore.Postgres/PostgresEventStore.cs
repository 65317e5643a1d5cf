using System.Runtime.CompilerServices;
using LedgerReconcile.EventStore.Storage;
using Npgsql;

namespace LedgerReconcile.EventStore.Postgres;

/// <summary>
/// The event store on PostgreSQL, for deployments where several processes share one ledger. Appends from this process
/// are group-committed by one writer; appends from every process are serialised by one advisory lock that hands out
/// global positions in commit order (docs/adr/0004), so readers in any process see a gap-free prefix of <c>$all</c>.
/// </summary>
public sealed class PostgresEventStore : RowEventStore, IAsyncDisposable
{
    private const int ReadPageSize = 512;

    // Commits of other processes are only seen by polling; in-process commits wake subscriptions at once.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly SchemaName _schema;
    private readonly GroupAppendTransaction _writer;
    private readonly GroupCommitQueue _queue;
    private readonly string _selectRow;
    private int _disposed;

    private PostgresEventStore(NpgsqlDataSource dataSource, SchemaName schema, TimeProvider time, AppendSignal signal)
        : base(signal, PollInterval)
    {
        DataSource = dataSource;
        _schema = schema;
        _writer = new GroupAppendTransaction(dataSource, schema, time, signal);
        _queue = new GroupCommitQueue(_writer.CommitAsync);
        _selectRow =
            $"SELECT event_id, stream, revision, position, type, data, metadata, recorded_at, occurred_at, hash FROM {schema.Quoted}.events";
    }

    /// <summary>The store's database, for projections that keep their read models beside the events.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Opens the store, creating or migrating its schema first.</summary>
    public static async Task<PostgresEventStore> OpenAsync(
        PostgresStoreOptions options, TimeProvider? time = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var schema = SchemaName.Parse(options.Schema);

        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        if (builder.ConnectionStringBuilder.Multiplexing)
        {
            // The writer runs its transaction with plain BEGIN/COMMIT across two batches, which multiplexing cannot route.
            throw new ArgumentException("The PostgreSQL event store needs a connection string without Multiplexing.", nameof(options));
        }

        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        }

        var dataSource = builder.Build();
        try
        {
            await SchemaMigrations.ApplyAsync(dataSource, schema, ct).ConfigureAwait(false);
            var signal = new AppendSignal();
            var store = new PostgresEventStore(dataSource, schema, time ?? TimeProvider.System, signal);
            signal.Publish(await store.ReadHeadPositionAsync(ct).ConfigureAwait(false));
            return store;
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public override Task<AppendResult> AppendToStreamAsync(
        string stream,
        ExpectedRevision expectedRevision,
        IReadOnlyList<EventData> events,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        try
        {
            AppendValidation.Validate(stream, events);
        }
        catch (InvalidAppendException refused)
        {
            return Task.FromException<AppendResult>(refused);
        }

        // Once queued, an append is committed or refused as a whole; cancelling only stops it from being queued.
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<AppendResult>(cancellationToken);
        }

        return _queue.EnqueueAsync(new PendingAppend(stream, expectedRevision, [.. events]));
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<RecordedEvent> ReadStreamAsync(
        string stream,
        ReadDirection direction,
        long fromRevision,
        long maxCount = long.MaxValue,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(fromRevision);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);

        var forwards = direction == ReadDirection.Forwards;
        var sql = forwards
            ? $"{_selectRow} WHERE stream = $1 AND revision >= $2 ORDER BY revision LIMIT $3"
            : $"{_selectRow} WHERE stream = $1 AND revision <= $2 ORDER BY revision DESC LIMIT $3";

        var next = fromRevision;
        var remaining = maxCount;
        while (remaining > 0)
        {
            var pageSize = (int)Math.Min(remaining, ReadPageSize);
            var page = await ReadRowsAsync(sql, [stream, next, pageSize], cancellationToken).ConfigureAwait(false);
            foreach (var row in page)
            {
                yield return row.ToRecordedEvent();
            }

            remaining -= page.Count;
            if (page.Count < pageSize || (forwards ? page[^1].Revision == long.MaxValue : page[^1].Revision == 0))
            {
                yield break;
            }

            next = forwards ? page[^1].Revision + 1 : page[^1].Revision - 1;
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<RecordedEvent> ReadAllAsync(
        long afterPosition,
        long maxCount = long.MaxValue,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterPosition);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);

        await foreach (var row in ReadAllRowsAsync(afterPosition, maxCount, cancellationToken).ConfigureAwait(false))
        {
            yield return row.ToRecordedEvent();
        }
    }

    /// <inheritdoc />
    public override async Task<long?> ReadStreamRevisionAsync(string stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await using var command = DataSource.CreateCommand($"SELECT max(revision) FROM {_schema.Quoted}.events WHERE stream = $1");
        command.Parameters.Add(new() { Value = stream });
        var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return result is long revision ? revision : null;
    }

    /// <inheritdoc />
    public override async Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken = default)
    {
        await using var command = DataSource.CreateCommand($"SELECT coalesce(max(position), 0) FROM {_schema.Quoted}.events");
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Finishes the appends already queued, then closes the database connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _queue.DisposeAsync().ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
        await DataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async IAsyncEnumerable<StoredEventRow> ReadAllRowsAsync(
        long afterPosition, long maxCount, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Each page is its own snapshot; positions are assigned in commit order, so every snapshot holds a gap-free
        // prefix and "after the last position read" neither skips nor repeats.
        var sql = $"{_selectRow} WHERE position > $1 ORDER BY position LIMIT $2";
        var after = afterPosition;
        var remaining = maxCount;
        while (remaining > 0)
        {
            var pageSize = (int)Math.Min(remaining, ReadPageSize);
            var page = await ReadRowsAsync(sql, [after, pageSize], cancellationToken).ConfigureAwait(false);
            foreach (var row in page)
            {
                yield return row;
            }

            remaining -= page.Count;
            if (page.Count < pageSize)
            {
                yield break;
            }

            after = page[^1].Position;
        }
    }

    /// <inheritdoc />
    protected override async IAsyncEnumerable<StoredEventRow> ReadStreamRowsAsync(
        string stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sql = $"{_selectRow} WHERE stream = $1 AND revision > $2 ORDER BY revision LIMIT $3";
        var after = -1L;
        while (true)
        {
            var page = await ReadRowsAsync(sql, [stream, after, ReadPageSize], cancellationToken).ConfigureAwait(false);
            foreach (var row in page)
            {
                yield return row;
            }

            if (page.Count < ReadPageSize)
            {
                yield break;
            }

            after = page[^1].Revision;
        }
    }

    private async Task<List<StoredEventRow>> ReadRowsAsync(string sql, object[] parameters, CancellationToken cancellationToken)
    {
        // A page is read whole and the connection returned before the consumer sees it: a slow consumer holds no
        // connection and no snapshot.
        await using var command = DataSource.CreateCommand(sql);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new() { Value = value });
        }

        var page = new List<StoredEventRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            page.Add(new StoredEventRow(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.GetString(4),
                reader.GetFieldValue<byte[]>(5),
                reader.GetFieldValue<byte[]>(6),
                reader.GetInt64(7),
                reader.GetInt64(8),
                reader.GetFieldValue<byte[]>(9)));
        }

        return page;
    }
}
