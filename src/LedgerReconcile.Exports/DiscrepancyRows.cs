using System.Runtime.CompilerServices;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Projections.Billing;

namespace LedgerReconcile.Exports;

/// <summary>What <c>GET /api/discrepancies</c> filters on: statuses (default: everything not in sync) and one service.</summary>
public sealed record DiscrepancyFilter(IReadOnlyList<BillableStatus>? Statuses = null, BillableService? Service = null)
{
    /// <summary>Every line whatever its status: the tenant's whole billable state from the read model.</summary>
    public static DiscrepancyFilter EveryLine { get; } = new(Enum.GetValues<BillableStatus>());
}

/// <summary>Service lines from the billing read model, largest money impact first, as the discrepancy view lists them.</summary>
internal static class DiscrepancyRows
{
    private const int Page = 500;

    public static IReadOnlyList<ExportColumn<BillableLine>> Columns { get; } =
    [
        new("customer_key", l => l.CustomerKey),
        new("customer_name", l => l.CustomerName),
        new("service", l => l.Service),
        new("unit", l => l.Unit),
        new("datto_quantity", l => l.DattoQuantity),
        new("psa_line_id", l => l.PsaLineId),
        new("psa_quantity", l => l.PsaQuantity),
        new("difference", l => l.Difference),
        new("unit_price", l => l.UnitPrice?.Amount),
        new("currency", l => l.UnitPrice?.Currency),
        new("money_impact", l => l.MoneyImpact),
        new("status", l => l.Status),
        new("note", l => l.Note),
        new("usage_observed_at", l => l.UsageObservedAt),
        new("snapshot_id", l => l.SnapshotId),
        new("psa_observed_at", l => l.PsaObservedAt),
    ];

    public static async IAsyncEnumerable<BillableLine> ReadAsync(
        BillingQueries billing, string tenant, DiscrepancyFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var offset = 0; ; offset += Page)
        {
            var page = await billing.ListDiscrepanciesAsync(tenant, filter.Statuses, filter.Service?.ToString(), offset, Page, cancellationToken)
                .ConfigureAwait(false);
            foreach (var line in page)
            {
                yield return line;
            }

            if (page.Count < Page)
            {
                yield break;
            }
        }
    }
}
