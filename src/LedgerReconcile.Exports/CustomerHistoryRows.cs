using System.Globalization;
using System.Runtime.CompilerServices;
using LedgerReconcile.Projections.Billing;

namespace LedgerReconcile.Exports;

/// <summary>A customer's audit history, oldest first, filtered as the history view filters it.</summary>
internal static class CustomerHistoryRows
{
    private const int Page = 500;

    public static IReadOnlyList<ExportColumn<AuditEntry>> Columns { get; } =
    [
        new("position", e => e.Position),
        new("revision", e => e.Revision),
        new("event_id", e => e.EventId.ToString()),
        new("event_type", e => e.EventType),
        new("valid_at", e => e.ValidAt),
        new("recorded_at", e => e.RecordedAt),
        new("who", e => e.Who),
        new("what", e => e.What),
        new("why", e => e.Why),
        new("quantity_changes", e => Changes(e.Changes)),
    ];

    public static async IAsyncEnumerable<AuditEntry> ReadAsync(
        BillingQueries billing, string tenant, string customerKey, AuditHistoryFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = 0L;
        while (true)
        {
            var page = await billing.GetAuditHistoryAsync(tenant, customerKey, after, Page, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page)
            {
                after = entry.Position;
                if (filter.Matches(entry))
                {
                    yield return entry;
                }
            }

            if (page.Count < Page)
            {
                yield break;
            }
        }
    }

    private static string? Changes(IReadOnlyList<QuantityChange> changes) =>
        changes.Count == 0
            ? null
            : string.Join("; ", changes.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Service}: {c.Before} -> {c.After}")));
}
