using static LedgerReconcile.Domain.SyncRuns.SyncRunCommand;
using static LedgerReconcile.Domain.SyncRuns.SyncRunEvent;

namespace LedgerReconcile.Domain.SyncRuns;

public static class SyncRunDecider
{
    /// <summary>A run lists at most this many warnings by name; the rest are counted, so one bad day cannot bloat the log.</summary>
    public const int MaxListedWarnings = 200;

    public static SyncRunEvent[] Decide(SyncRunCommand command, SyncRunState state) => command switch
    {
        StartSyncRun c => state.Runs.ContainsKey(c.RunId) ? [] : [new SyncRunStarted(c.RunId, c.Source, c.Trigger, c.Actor, c.Now)],
        CompleteSyncRun c => Running(state, c.RunId, SyncRunStatus.Completed) is { } run
            ? [new SyncRunCompleted(c.RunId, c.Counts, c.Warnings.Take(MaxListedWarnings).ToList(), c.Warnings.Count, c.PullDuration, c.LedgerDuration, c.Now - run.StartedAt, c.Actor, c.Now)]
            : [],
        CompletePsaReadRun c => Running(state, c.RunId, SyncRunStatus.Completed) is { } run
            ? [new PsaReadRunCompleted(c.RunId, c.Counts, c.Warnings.Take(MaxListedWarnings).ToList(), c.Warnings.Count, c.Now - run.StartedAt, c.Actor, c.Now)]
            : [],
        CompleteWriteBackRun c => Running(state, c.RunId, SyncRunStatus.Completed) is { } run
            ? [new WriteBackRunCompleted(c.RunId, c.Counts, c.Now - run.StartedAt, c.Actor, c.Now)]
            : [],
        FailSyncRun c => Running(state, c.RunId, SyncRunStatus.Failed) is { } run
            ? [new SyncRunFailed(c.RunId, c.Reason, c.Now - run.StartedAt, c.Actor, c.Now)]
            : [],
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown sync-run command."),
    };

    // Null when the run already ended the same way (a repeated command); a run ends once.
    private static SyncRunSummary? Running(SyncRunState state, string runId, SyncRunStatus ending)
    {
        if (!state.Runs.TryGetValue(runId, out var run))
        {
            throw new RuleViolationException("sync_run.unknown", $"Sync run {runId} was never started.");
        }

        return run.Status switch
        {
            SyncRunStatus.Running => run,
            _ when run.Status == ending => null,
            _ => throw new RuleViolationException("sync_run.already_ended", $"Sync run {runId} already {run.Status.ToString().ToLowerInvariant()}."),
        };
    }
}
