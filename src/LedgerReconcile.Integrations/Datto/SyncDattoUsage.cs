using LedgerReconcile.Domain.SyncRuns;

namespace LedgerReconcile.Integrations.Datto;

/// <summary>A request to pull one tenant's Datto usage now (the API's "sync now", the CLI, the schedule).</summary>
/// <param name="Trigger">Recorded on the run: <see cref="Triggers.Schedule"/>, <see cref="Triggers.OnDemand"/>, ...</param>
/// <param name="Actor">The person who asked, or the system component.</param>
public sealed record SyncDattoUsage(string Tenant, string Trigger, string Actor, string? CorrelationId = null)
{
    public static class Triggers
    {
        public const string Schedule = "schedule";
        public const string OnDemand = "on-demand";
    }
}

public enum DattoSyncOutcome
{
    Completed,
    Failed,
}

/// <param name="FailureReason">Null when the run completed.</param>
public sealed record DattoSyncResult(
    string Tenant,
    string RunId,
    string Trigger,
    DattoSyncOutcome Outcome,
    SyncRunCounts Counts,
    IReadOnlyList<SyncRunWarning> Warnings,
    string? FailureReason,
    TimeSpan PullDuration,
    TimeSpan LedgerDuration)
{
    /// <summary>The customers this run found not reported for the grace period (only a completed run looks).</summary>
    public IReadOnlyList<string> NotReported { get; init; } = [];
}
