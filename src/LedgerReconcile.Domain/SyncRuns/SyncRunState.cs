using System.Collections.Immutable;
using static LedgerReconcile.Domain.SyncRuns.SyncRunEvent;

namespace LedgerReconcile.Domain.SyncRuns;

public enum SyncRunStatus
{
    Running,
    Completed,
    Failed,
}

public sealed record SyncRunSummary(string RunId, string Source, string Trigger, string Actor, DateTimeOffset StartedAt, SyncRunStatus Status)
{
    /// <summary>What a completed PSA read read and changed; its completion is the last confirming read of every line it read.</summary>
    public PsaReadCounts? PsaCounts { get; init; }

    /// <summary>What a completed write-back pass wrote, resolved and left for a person.</summary>
    public WriteBackCounts? WriteBackCounts { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public IReadOnlyList<SyncRunWarning> Warnings { get; init; } = [];
}

/// <summary>A tenant's sync-run log folded: every run and where it ended.</summary>
public sealed record SyncRunState(ImmutableDictionary<string, SyncRunSummary> Runs)
{
    public static SyncRunState Initial { get; } = new(ImmutableDictionary<string, SyncRunSummary>.Empty.WithComparers(StringComparer.Ordinal));

    public static SyncRunState Fold(IEnumerable<SyncRunEvent> events) => events.Aggregate(Initial, Evolve);

    public static SyncRunState Evolve(SyncRunState state, SyncRunEvent @event) => @event switch
    {
        SyncRunStarted e => state with { Runs = state.Runs.SetItem(e.RunId, new SyncRunSummary(e.RunId, e.Source, e.Trigger, e.Actor, e.StartedAt, SyncRunStatus.Running)) },
        SyncRunCompleted e => state.WithStatus(e.RunId, SyncRunStatus.Completed),
        SyncRunFailed e => state.WithStatus(e.RunId, SyncRunStatus.Failed),
        PsaReadRunCompleted e => state.WithStatus(e.RunId, SyncRunStatus.Completed).WithPsaRead(e),
        WriteBackRunCompleted e => state.WithStatus(e.RunId, SyncRunStatus.Completed).WithWriteBack(e),
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown sync-run event."),
    };

    private SyncRunState WithPsaRead(PsaReadRunCompleted e) =>
        Runs.TryGetValue(e.RunId, out var run)
            ? this with { Runs = Runs.SetItem(e.RunId, run with { PsaCounts = e.Counts, CompletedAt = e.CompletedAt, Warnings = e.Warnings }) }
            : this;

    private SyncRunState WithWriteBack(WriteBackRunCompleted e) =>
        Runs.TryGetValue(e.RunId, out var run)
            ? this with { Runs = Runs.SetItem(e.RunId, run with { WriteBackCounts = e.Counts, CompletedAt = e.CompletedAt }) }
            : this;

    private SyncRunState WithStatus(string runId, SyncRunStatus status) =>
        Runs.TryGetValue(runId, out var run) ? this with { Runs = Runs.SetItem(runId, run with { Status = status }) } : this;
}
