namespace LedgerReconcile.Domain.Tenants;

public abstract partial record TenantEvent
{
    /// <summary>
    /// The tenant closed <paramref name="Month"/> (yyyy-MM) for the whole book at <paramref name="CutOff"/>; each
    /// customer's lines were frozen in its own stream. <paramref name="Overridden"/> lists the blockers a person closed
    /// over, with <paramref name="OverrideReason"/>.
    /// </summary>
    public sealed record MonthClosed(
        string Month,
        DateOnly PeriodStart,
        DateOnly PeriodEnd,
        DateTimeOffset CutOff,
        int CustomersFrozen,
        IReadOnlyList<CloseBlocker> Overridden,
        string? OverrideReason,
        string Actor,
        DateTimeOffset ClosedAt) : TenantEvent;
}

/// <summary>Something that should be settled before a month is closed.</summary>
/// <param name="Kind">One of <see cref="CloseBlockerKinds"/>.</param>
/// <param name="CustomerKey">The customer it concerns; null for the tenant's syncs.</param>
public sealed record CloseBlocker(string Kind, string? CustomerKey, string Detail);

public static class CloseBlockerKinds
{
    public const string AssetsNeedDecision = "assets_need_decision";
    public const string UnmappedOrganization = "unmapped_organization";
    public const string OpenProposal = "open_proposal";
    public const string BlockedLine = "blocked_line";
    public const string WriteWithoutOutcome = "write_without_outcome";
    public const string WriteConflict = "write_conflict";
    public const string SyncFailed = "sync_failed";
    public const string SyncStale = "sync_stale";
}

/// <summary>A month the tenant closed.</summary>
public sealed record ClosedMonth(string Month, DateTimeOffset CutOff, DateTimeOffset ClosedAt, string ClosedBy, string? OverrideReason);
