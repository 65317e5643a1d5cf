using System.Runtime.CompilerServices;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Domain.Billing;
using Mediator;

namespace LedgerReconcile.Exports;

/// <summary>One service of one customer as it was billable at valid time AsOf, as the ledger knew it at KnownAt.</summary>
public sealed record BillableStateRow(
    string CustomerKey,
    DateTimeOffset AsOf,
    DateTimeOffset KnownAt,
    string? SnapshotId,
    DateTimeOffset? UsageObservedAt,
    ServiceQuantity Service);

/// <summary>The point-in-time billable quantities, folded from the events per customer exactly as the JSON view folds them.</summary>
internal static class BillableStateRows
{
    public static IReadOnlyList<ExportColumn<BillableStateRow>> Columns { get; } =
    [
        new("customer_key", r => r.CustomerKey),
        new("as_of", r => r.AsOf),
        new("known_at", r => r.KnownAt),
        new("service", r => r.Service.Line.ToString()),
        new("service_kind", r => r.Service.Line.Service),
        new("seat_type", r => r.Service.Line.SeatType),
        new("unit", r => r.Service.UnitRule.Unit),
        new("psa_line_id", r => r.Service.Mapping?.PsaLineId),
        new("raw_amount", r => r.Service.RawAmount),
        new("quantity", r => r.Service.Quantity),
        new("counted_assets", r => r.Service.Counted.Count),
        new("ignored_assets", r => r.Service.Ignored.Count),
        new("needs_decision_assets", r => r.Service.NeedsDecision.Count),
        new("snapshot_id", r => r.SnapshotId),
        new("usage_observed_at", r => r.UsageObservedAt),
    ];

    public static async IAsyncEnumerable<BillableStateRow> ReadAsync(
        IMediator mediator,
        string tenant,
        IAsyncEnumerable<string> customerKeys,
        DateTimeOffset asOf,
        DateTimeOffset knownAt,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var customerKey in customerKeys.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var usage = await mediator.Send(new GetBillableQuantities(tenant, customerKey, asOf, knownAt), cancellationToken).ConfigureAwait(false);
            foreach (var service in usage.Services)
            {
                yield return new BillableStateRow(customerKey, asOf, knownAt, usage.SnapshotId, usage.UsageObservedAt, service);
            }
        }
    }
}
