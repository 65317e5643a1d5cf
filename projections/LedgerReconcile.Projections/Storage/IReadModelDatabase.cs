using LedgerReconcile.Projections.ReadModels;

namespace LedgerReconcile.Projections.Storage;

/// <summary>
/// The read-model storage of one database (the SQLite file or the PostgreSQL database of the event store): the
/// registry of table sets and their checkpoints, the transactions of the runner, the leases that let one process
/// run each projection, and the queries. Projection logic never sees it; it sees <see cref="IReadModelWriter"/>.
/// </summary>
public interface IReadModelDatabase : IAsyncDisposable
{
    /// <summary>Creates the registry table when it is missing.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Every table set of a projection, newest generation first.</summary>
    Task<IReadOnlyList<TableSet>> ReadTableSetsAsync(string projection, CancellationToken cancellationToken = default);

    /// <summary>Creates the tables of a new generation (checkpoint 0) in state <paramref name="state"/>.</summary>
    /// <remarks>An <see cref="TableSetState.Active"/> set can only be created when the projection has none.</remarks>
    Task<TableSet> CreateTableSetAsync(string projection, int version, TableSetState state, CancellationToken cancellationToken = default);

    /// <summary>
    /// Swaps atomically: <paramref name="building"/> becomes active and the previously active set retired. Returns false
    /// (and changes nothing) when the set is no longer building.
    /// </summary>
    Task<bool> ActivateAsync(TableSet building, CancellationToken cancellationToken = default);

    /// <summary>Drops a set's tables and forgets it.</summary>
    Task DropTableSetAsync(TableSet set, CancellationToken cancellationToken = default);

    /// <summary>Opens a connection for one runner lane writing <paramref name="set"/>.</summary>
    Task<IReadModelLaneConnection> OpenLaneAsync(TableSet set, CancellationToken cancellationToken = default);

    /// <summary>
    /// Tries to become the only runner of <paramref name="name"/> among every process sharing this database. Returns
    /// null when another holds it. The lease ends when disposed or when its connection dies (then
    /// <see cref="IReadModelLease.Lost"/> fires).
    /// </summary>
    Task<IReadModelLease?> TryAcquireLeaseAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>One document of a set.</summary>
    Task<StoredDocument?> GetDocumentAsync(TableSet set, DocumentKey key, CancellationToken cancellationToken = default);

    /// <summary>Documents of one kind, filtered and ordered.</summary>
    Task<IReadOnlyList<StoredDocument>> QueryDocumentsAsync(TableSet set, DocumentQuery query, CancellationToken cancellationToken = default);

    /// <summary>History rows of one key, oldest first, after <paramref name="afterPosition"/>.</summary>
    Task<IReadOnlyList<StoredHistoryRow>> ReadHistoryAsync(
        TableSet set,
        DocumentKey key,
        long afterPosition = 0,
        int limit = 10_000,
        CancellationToken cancellationToken = default);

    /// <summary>Every document and history row of a set in key order (for comparisons and exports).</summary>
    IAsyncEnumerable<StoredDocument> DumpDocumentsAsync(TableSet set, CancellationToken cancellationToken = default);

    /// <summary>Every history row of a set in key order.</summary>
    IAsyncEnumerable<StoredHistoryRow> DumpHistoryAsync(TableSet set, CancellationToken cancellationToken = default);
}

/// <summary>The runner's connection to one table set.</summary>
public interface IReadModelLaneConnection : IAsyncDisposable
{
    /// <summary>The documents that exist among <paramref name="keys"/>.</summary>
    Task<IReadOnlyList<StoredDocument>> LoadDocumentsAsync(IReadOnlyCollection<DocumentKey> keys, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the batch and moves the checkpoint from <see cref="ProjectionBatch.ExpectedCheckpoint"/> in one
    /// transaction, provided the set is still in <paramref name="expectedState"/>.
    /// </summary>
    Task<CommitOutcome> CommitAsync(ProjectionBatch batch, TableSetState expectedState, CancellationToken cancellationToken = default);
}

/// <summary>The right to be the only runner of a projection.</summary>
public interface IReadModelLease : IAsyncDisposable
{
    /// <summary>Fires when the lease is lost without being disposed (its connection died).</summary>
    CancellationToken Lost { get; }
}
