using System.Collections.Concurrent;

namespace LedgerReconcile.Projections.Running;

/// <summary>What this process is doing with a projection.</summary>
public enum RunnerRole
{
    /// <summary>Not started.</summary>
    Stopped,

    /// <summary>Another process runs the projection; this one waits to take over.</summary>
    Standby,

    /// <summary>This process runs the projection.</summary>
    Running,

    /// <summary>This process is rebuilding the projection after a version change.</summary>
    Rebuilding,

    /// <summary>The last attempt failed; retrying after a delay.</summary>
    Faulted,
}

/// <summary>This process's view of one projection.</summary>
public sealed record LocalProjectionState(string Projection, RunnerRole Role, long? Checkpoint, string? LastError, DateTimeOffset? ChangedAt);

/// <summary>The runner's in-process state, shared by the hosted service and the status reader.</summary>
public sealed class ProjectionRunnerState
{
    private readonly ConcurrentDictionary<string, LocalProjectionState> _states = new(StringComparer.Ordinal);

    /// <summary>The state of <paramref name="projection"/> in this process.</summary>
    public LocalProjectionState Get(string projection) =>
        _states.TryGetValue(projection, out var state) ? state : new LocalProjectionState(projection, RunnerRole.Stopped, null, null, null);

    internal void Set(string projection, RunnerRole role, long? checkpoint, string? error, DateTimeOffset now) =>
        _states.AddOrUpdate(
            projection,
            _ => new LocalProjectionState(projection, role, checkpoint, error, now),
            (_, old) => new LocalProjectionState(projection, role, checkpoint ?? old.Checkpoint, error ?? (role == RunnerRole.Faulted ? old.LastError : null), now));
}
