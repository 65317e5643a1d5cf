namespace LedgerReconcile.Domain.SyncRuns;

public abstract partial record SyncRunCommand
{
    private SyncRunCommand()
    {
    }

    public sealed record StartSyncRun(string RunId, string Source, string Trigger, string Actor, DateTimeOffset Now) : SyncRunCommand;

    public sealed record CompleteSyncRun(
        string RunId,
        SyncRunCounts Counts,
        IReadOnlyList<SyncRunWarning> Warnings,
        TimeSpan PullDuration,
        TimeSpan LedgerDuration,
        string Actor,
        DateTimeOffset Now) : SyncRunCommand;

    public sealed record FailSyncRun(string RunId, string Reason, string Actor, DateTimeOffset Now) : SyncRunCommand;
}
