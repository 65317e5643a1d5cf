namespace LedgerReconcile.Domain.Webhooks;

/// <summary>
/// The kinds of alert a webhook can subscribe to, by the names receivers see in <c>kind</c>. Close blockers and disputes
/// are named before anything raises them, so a tenant can subscribe now and receive them once they exist.
/// </summary>
public static class AlertKinds
{
    /// <summary>A new proposal to change a billed quantity, with its money impact when the line has a price.</summary>
    public const string Discrepancy = "discrepancy";

    /// <summary>A Datto organization or PSA company was renamed.</summary>
    public const string Drift = "drift";

    /// <summary>A PSA line no longer showed the quantity a write started from.</summary>
    public const string WriteConflict = "write_conflict";

    /// <summary>An organization stopped appearing in Datto usage beyond the grace period.</summary>
    public const string UsageNotReported = "usage_not_reported";

    /// <summary>A Datto sync or PSA read run failed.</summary>
    public const string SyncFailed = "sync_failed";

    /// <summary>Something keeps a billing period from being closed.</summary>
    public const string CloseBlocked = "close_blocked";

    public const string DisputeOpened = "dispute_opened";

    public const string DisputeResolved = "dispute_resolved";

    /// <summary>Once a day per tenant: how many alerts of each kind the previous day (UTC) raised.</summary>
    public const string DailyDigest = "daily_digest";

    public static readonly IReadOnlyList<string> All =
        [Discrepancy, Drift, WriteConflict, UsageNotReported, SyncFailed, CloseBlocked, DisputeOpened, DisputeResolved, DailyDigest];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind, StringComparer.Ordinal);
}
