namespace LedgerReconcile.Projections.Running;

/// <summary>How the runner batches and how often it retries.</summary>
public sealed class ProjectionRunnerOptions
{
    /// <summary>Events applied per transaction at most.</summary>
    public int BatchSize { get; set; } = 5_000;

    /// <summary>A batch is committed once it is this old, even when more events are coming.</summary>
    public TimeSpan MaxBatchAge { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A batch is committed when the next event has not arrived within this time.</summary>
    public TimeSpan IdleFlushDelay { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How often a standby runner tries to take a projection over.</summary>
    public TimeSpan LeaseRetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Wait after a failure before trying again.</summary>
    public TimeSpan FailureRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Documents kept in memory between batches per projection.</summary>
    public int DocumentCacheCapacity { get; set; } = 100_000;
}
