namespace LedgerReconcile.Domain.Customers;

public abstract partial record CustomerCommand
{
    /// <summary>
    /// After a completed Datto sync that did not report this customer: records it as not reported when both parts of the
    /// grace period have passed since it was last seen.
    /// </summary>
    /// <param name="CompletedSyncsStartedAt">When each completed Datto sync of the tenant started; failed runs are not listed.</param>
    public sealed record RecordUsageNotReported(
        string RunId,
        IReadOnlyList<DateTimeOffset> CompletedSyncsStartedAt,
        int GraceSyncs,
        TimeSpan GraceAge,
        string Actor,
        DateTimeOffset Now) : CustomerCommand;
}
