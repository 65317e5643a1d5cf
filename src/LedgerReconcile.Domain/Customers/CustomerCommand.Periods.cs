namespace LedgerReconcile.Domain.Customers;

public abstract partial record CustomerCommand
{
    public sealed record FreezeBillingPeriod(
        string PeriodId,
        DateOnly PeriodStart,
        DateOnly PeriodEnd,
        DateTimeOffset CutOff,
        IReadOnlyList<FrozenLine> Lines,
        string Actor,
        DateTimeOffset Now) : CustomerCommand;

    /// <summary>Brings a closed month's billable quantities to what is known now; each moved line is one adjustment.</summary>
    public sealed record AdjustFrozenPeriod(
        string PeriodId,
        IReadOnlyDictionary<ServiceLine, decimal> KnownNow,
        IReadOnlyList<string> CauseEventIds,
        string Cause,
        string Actor,
        DateTimeOffset Now) : CustomerCommand;
}
