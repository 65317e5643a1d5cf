using System.Globalization;
using System.Runtime.CompilerServices;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Projections.Billing;
using Mediator;

namespace LedgerReconcile.Exports;

/// <summary>
/// The ledger's exports, for the API and the CLI alike. Each returns an <see cref="IExport"/> that reads its rows page by
/// page (or customer by customer) while it is written, so no export holds a tenant's rows in memory. Filters are
/// checked by the caller before it asks, so a bad filter is refused before any byte is written.
/// </summary>
public sealed class LedgerExports(BillingQueries billing, CustomerDirectory directory, IMediator mediator)
{
    public IExport Discrepancies(string tenant, DiscrepancyFilter filter) =>
        new Export<BillableLine>(
            $"discrepancies-{tenant}",
            DiscrepancyRows.Columns,
            DiscrepancyRows.ReadAsync(billing, tenant, filter, CancellationToken.None));

    /// <summary>Every customer of the tenant, or the one given, at valid time <paramref name="asOf"/> as known at <paramref name="knownAt"/>.</summary>
    public IExport BillableState(string tenant, string? customerKey, DateTimeOffset asOf, DateTimeOffset knownAt) =>
        new Export<BillableStateRow>(
            $"billable-{tenant}{Suffix(customerKey)}-{asOf.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}",
            BillableStateRows.Columns,
            BillableStateRows.ReadAsync(mediator, tenant, CustomersAsync(tenant, customerKey), asOf, knownAt, CancellationToken.None));

    public IExport CustomerHistory(string tenant, string customerKey, AuditHistoryFilter filter) =>
        new Export<AuditEntry>(
            $"history-{tenant}-{customerKey}",
            CustomerHistoryRows.Columns,
            CustomerHistoryRows.ReadAsync(billing, tenant, customerKey, filter, CancellationToken.None));

    /// <summary>The closed periods of every customer of the tenant, or of the one given; optionally only one period id.</summary>
    public IExport ClosedPeriods(string tenant, string? customerKey, string? periodId) =>
        new Export<ClosedPeriodRow>(
            $"periods-{tenant}{Suffix(customerKey)}{Suffix(periodId)}",
            ClosedPeriodRows.Columns,
            ClosedPeriodRows.ReadAsync(billing, tenant, CustomersAsync(tenant, customerKey), periodId, CancellationToken.None));

    /// <summary>A month closed for the whole book: every frozen line of every customer, at the close and after adjustments.</summary>
    public IExport ClosedMonth(string tenant, string month) =>
        new Export<ClosedMonthRow>(
            $"month-{tenant}-{month}",
            ClosedMonthRows.Columns,
            ClosedMonthRows.ReadAsync(mediator, tenant, CustomersAsync(tenant, null), month, CancellationToken.None));

    private static string Suffix(string? part) => part is null ? "" : "-" + part;

    // The tenant's customer keys come from the store's directory: keys only, in key order, never their rows.
    private async IAsyncEnumerable<string> CustomersAsync(string tenant, string? customerKey, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (customerKey is not null)
        {
            yield return customerKey;
            yield break;
        }

        foreach (var key in await directory.CustomersAsync(tenant, cancellationToken).ConfigureAwait(false))
        {
            yield return key;
        }
    }
}
