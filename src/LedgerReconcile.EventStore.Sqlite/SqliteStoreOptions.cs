namespace LedgerReconcile.EventStore.Sqlite;

/// <summary>Where the embedded store keeps its single file, and whether a commit waits for the disk.</summary>
/// <param name="Path">The database file; its folder is created when missing.</param>
public sealed record SqliteStoreOptions(string Path)
{
    /// <summary>The file the host uses unless configured otherwise.</summary>
    public const string DefaultPath = "./data/ledger.db";

    /// <summary>
    /// True (the default): every commit is fsynced before appenders are answered (<c>synchronous=FULL</c>).
    /// False: a commit survives a process crash but may be lost with the machine (<c>synchronous=NORMAL</c>).
    /// </summary>
    public bool Durable { get; init; } = true;
}
