using LedgerReconcile.Projections.Storage;

namespace LedgerReconcile.EventStore.Sqlite.ReadModels;

/// <summary>
/// A lease for a SQLite deployment: an exclusive lock on a file beside the database. The operating system releases it
/// when the process dies, so a second process (or runner) takes over without a timeout.
/// </summary>
internal sealed class FileLease : IReadModelLease
{
    private readonly FileStream _lock;

    private FileLease(FileStream stream) => _lock = stream;

    public CancellationToken Lost => CancellationToken.None;

    public static FileLease? TryAcquire(string path)
    {
        try
        {
            return new FileLease(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public ValueTask DisposeAsync() => _lock.DisposeAsync();
}
