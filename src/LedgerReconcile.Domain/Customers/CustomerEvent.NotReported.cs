namespace LedgerReconcile.Domain.Customers;

public abstract partial record CustomerEvent
{
    /// <summary>
    /// Datto stopped reporting this customer: it was missing from <paramref name="MissedSyncs"/> completed syncs since
    /// <paramref name="LastReportedAt"/>, beyond the tenant's grace period. Its last usage is kept as evidence, but nothing
    /// is billable until a snapshot reports it again.
    /// </summary>
    /// <param name="RunId">The completed Datto sync after which the grace period had run out.</param>
    /// <param name="GraceSyncs">The grace period in force: this many completed syncs...</param>
    /// <param name="GraceAge">...and this long since the last report.</param>
    public sealed record UsageNotReported(
        string RunId,
        DateTimeOffset LastReportedAt,
        int MissedSyncs,
        int GraceSyncs,
        TimeSpan GraceAge,
        string Actor,
        DateTimeOffset RecordedAt) : CustomerEvent;
}
