using System.Globalization;

namespace LedgerReconcile.Exports.Evidence;

/// <summary>
/// What an evidence pack covers: one customer, or one closed month of the whole book. A dispute is a customer, a
/// service line and a month; its pack will be the customer's with the line and month named, so the kinds are open.
/// </summary>
public sealed record EvidenceScope(string Tenant, string Kind, string? CustomerKey, string? Month)
{
    public const string CustomerKind = "customer";
    public const string MonthKind = "month";

    public static EvidenceScope ForCustomer(string tenant, string customerKey) => new(tenant, CustomerKind, customerKey, null);

    public static EvidenceScope ForMonth(string tenant, string month) => new(tenant, MonthKind, null, month);

    /// <summary>The pack's file name: tenant, kind and subject, safe in a Content-Disposition header.</summary>
    public string FileName => string.Create(CultureInfo.InvariantCulture, $"evidence-{Tenant}-{CustomerKey ?? Month}.zip");
}
