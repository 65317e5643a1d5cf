namespace LedgerReconcile.Domain.SyncRuns;

public abstract partial record SyncRunEvent
{
    /// <summary>A write-back pass (source <c>psa-write-back</c>) ended: what it wrote, resolved and left for a person.</summary>
    public sealed record WriteBackRunCompleted(string RunId, WriteBackCounts Counts, TimeSpan Duration, string Actor, DateTimeOffset CompletedAt) : SyncRunEvent;
}

public abstract partial record SyncRunCommand
{
    public sealed record CompleteWriteBackRun(string RunId, WriteBackCounts Counts, string Actor, DateTimeOffset Now) : SyncRunCommand;
}

public static class WriteBackRun
{
    /// <summary>The sync-run source of write-back passes.</summary>
    public const string Source = "psa-write-back";
}

/// <param name="Written">Approved changes sent and confirmed, or found already applied.</param>
/// <param name="Resolved">Writes left without an outcome earlier and resolved by reading the line.</param>
/// <param name="Conflicts">Lines edited by hand since the proposal; recorded for a person, nothing sent.</param>
/// <param name="Failed">Writes that failed, or whose outcome is still unknown.</param>
/// <param name="Skipped">Changes that could not be tried now (PSA unreachable, attempts used up).</param>
/// <param name="AutoApproved">Pending proposals approved under the tenant's auto-approval rules.</param>
public sealed record WriteBackCounts(int Written, int Resolved, int Conflicts, int Failed, int Skipped, int AutoApproved)
{
    public static WriteBackCounts None { get; } = new(0, 0, 0, 0, 0, 0);
}
