namespace LedgerReconcile.Domain.Customers;

// Corrections of values already in the ledger: the wrong fact stays as it was recorded, and these say what replaces it.
public abstract partial record CustomerEvent
{
    /// <param name="FromStart">The bounds the period was closed with, as recorded.</param>
    public sealed record BillingPeriodCorrected(
        string PeriodId,
        DateOnly FromStart,
        DateOnly FromEnd,
        DateOnly PeriodStart,
        DateOnly PeriodEnd,
        string Reason,
        string Actor,
        DateTimeOffset CorrectedAt) : CustomerEvent;

    /// <param name="ObservedAt">The observation time the voided snapshot claimed.</param>
    public sealed record UsageSnapshotVoided(
        string SnapshotId,
        DateTimeOffset ObservedAt,
        string Reason,
        string Actor,
        DateTimeOffset VoidedAt) : CustomerEvent;
}
