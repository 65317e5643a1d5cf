namespace LedgerReconcile.Domain.SyncRuns;

/// <summary>
/// The facts of a tenant's sync-run log: which pull ran when, why, and what it produced, so an auditor can go from a
/// usage snapshot (which carries its run id) to the pull that made it. Stored names live in <see cref="EventRegistry"/>.
/// </summary>
public abstract partial record SyncRunEvent
{
    private SyncRunEvent()
    {
    }

    /// <param name="Source">The system pulled from, e.g. <c>datto</c>.</param>
    /// <param name="Trigger">What started the run: <c>schedule</c>, <c>on-demand</c>, ...</param>
    public sealed record SyncRunStarted(string RunId, string Source, string Trigger, string Actor, DateTimeOffset StartedAt) : SyncRunEvent;

    public sealed record SyncRunCompleted(
        string RunId,
        SyncRunCounts Counts,
        IReadOnlyList<SyncRunWarning> Warnings,
        int WarningCount,
        TimeSpan PullDuration,
        TimeSpan LedgerDuration,
        TimeSpan Duration,
        string Actor,
        DateTimeOffset CompletedAt) : SyncRunEvent;

    /// <param name="Reason">What stopped the run, in words a person can act on (e.g. which key is wrong).</param>
    public sealed record SyncRunFailed(string RunId, string Reason, TimeSpan Duration, string Actor, DateTimeOffset FailedAt) : SyncRunEvent;

    public static DateTimeOffset ValidTime(SyncRunEvent @event) => @event switch
    {
        SyncRunStarted e => e.StartedAt,
        SyncRunCompleted e => e.CompletedAt,
        SyncRunFailed e => e.FailedAt,
        PsaReadRunCompleted e => e.CompletedAt,
        WriteBackRunCompleted e => e.CompletedAt,
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown sync-run event."),
    };
}

/// <param name="Organizations">Customers (Datto organizations, or company names on old payloads) the pull found.</param>
/// <param name="SnapshotsRecorded">Customers whose usage changed and was recorded in full.</param>
/// <param name="SnapshotsUnchanged">Customers whose usage was the same as last time (small evidence, or nothing).</param>
/// <param name="SnapshotsFailed">Customers whose snapshot the ledger refused; each has a warning on the run.</param>
public sealed record SyncRunCounts(
    int Organizations,
    int Devices,
    int Assets,
    int Seats,
    int SnapshotsRecorded,
    int SnapshotsUnchanged,
    int SnapshotsFailed);

/// <param name="Subject">What the warning is about: a device serial, a SaaS customer id, an endpoint, a customer key.</param>
public sealed record SyncRunWarning(string Kind, string Subject, string Detail);
