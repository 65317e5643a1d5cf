namespace LedgerReconcile.Domain.SyncRuns;

public abstract partial record SyncRunEvent
{
    /// <summary>
    /// A PSA read ended: what it read and changed. Its completion time is the last confirming read of every line it
    /// read unchanged, which the customer streams deliberately do not record line by line.
    /// </summary>
    public sealed record PsaReadRunCompleted(
        string RunId,
        PsaReadCounts Counts,
        IReadOnlyList<SyncRunWarning> Warnings,
        int WarningCount,
        TimeSpan Duration,
        string Actor,
        DateTimeOffset CompletedAt) : SyncRunEvent;
}

public abstract partial record SyncRunCommand
{
    public sealed record CompletePsaReadRun(
        string RunId,
        PsaReadCounts Counts,
        IReadOnlyList<SyncRunWarning> Warnings,
        string Actor,
        DateTimeOffset Now) : SyncRunCommand;
}

/// <param name="CompaniesUnreadable">Companies that could not be read: their lines keep their last observation and each has a warning.</param>
/// <param name="LinesChanged">Lines whose quantity, bill flag or status changed and was recorded.</param>
public sealed record PsaReadCounts(int Companies, int CompaniesUnreadable, int Lines, int LinesChanged);
