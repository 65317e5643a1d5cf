namespace LedgerReconcile.Projections.Billing;

/// <summary>
/// Which entries of a customer's audit history to show: stored event names or parts of them (any matches), and record
/// and valid time ranges (inclusive). The history view and its export filter the same way.
/// </summary>
public sealed record AuditHistoryFilter(
    IReadOnlyList<string> Kinds,
    DateTimeOffset? RecordedFrom = null,
    DateTimeOffset? RecordedTo = null,
    DateTimeOffset? ValidFrom = null,
    DateTimeOffset? ValidTo = null)
{
    public static AuditHistoryFilter Everything { get; } = new([]);

    /// <summary>Kinds from a comma-separated list such as 'asset_ignored,quantity_change_approved'.</summary>
    public static IReadOnlyList<string> KindsFrom(string? commaSeparated) =>
        (commaSeparated ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool Matches(AuditEntry entry) =>
        (Kinds.Count == 0 || Kinds.Any(k => entry.EventType.Contains(k, StringComparison.OrdinalIgnoreCase)))
        && (RecordedFrom is null || entry.RecordedAt >= RecordedFrom) && (RecordedTo is null || entry.RecordedAt <= RecordedTo)
        && (ValidFrom is null || entry.ValidAt >= ValidFrom) && (ValidTo is null || entry.ValidAt <= ValidTo);
}
