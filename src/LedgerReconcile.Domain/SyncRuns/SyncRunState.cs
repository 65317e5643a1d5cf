using System.Collections.Immutable;
using static LedgerReconcile.Domain.SyncRuns.SyncRunEvent;

namespace LedgerReconcile.Domain.SyncRuns;

public enum SyncRunStatus
{
    Running,
    Completed,
    Failed,
}

public sealed record SyncRunSummary(string RunId, string Source, string Trigger, string Actor, DateTimeOffset StartedAt, SyncRunStatus Status);

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
        PsaReadRunCompleted e => state.WithStatus(e.RunId, SyncRunStatus.Completed),
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown sync-run event."),
    };

    private SyncRunState WithStatus(string runId, SyncRunStatus status) =>
        Runs.TryGetValue(runId, out var run) ? this with { Runs = Runs.SetItem(runId, run with { Status = status }) } : this;
}
