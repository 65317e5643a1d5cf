namespace LedgerReconcile.Domain.Billing;

/// <summary>The billing calendar the ledger's defaults follow: months start on the 1st, in UTC.</summary>
public static class BillingMonth
{
    /// <summary>The 1st of the month after <paramref name="day"/>: when an approved change takes effect by default (MSPs bill in advance).</summary>
    public static DateOnly FirstOfNext(DateOnly day) => new DateOnly(day.Year, day.Month, 1).AddMonths(1);

    public static DateOnly FirstOfNext(DateTimeOffset now) => FirstOfNext(DateOnly.FromDateTime(now.UtcDateTime));
}
