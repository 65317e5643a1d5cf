using System.Runtime.CompilerServices;
using LedgerReconcile.Projections.Billing;

namespace LedgerReconcile.Exports;

/// <summary>
/// One row of a closed period: a <c>line</c> (what was invoiced for a service and what it is after adjustments) or a
/// <c>correction</c> (something recorded after closing that bears on the period, with its cause).
/// </summary>
public sealed record ClosedPeriodRow(InvoiceView Period, string RowType, string? Service, InvoicedLine? Invoiced, InvoicedLine? Current, InvoiceCorrection? Correction)
{
    public const string Line = "line";
    public const string CorrectionRow = "correction";

    /// <summary>
    /// The rows of one period, whoever closed it. Today a period is closed per customer; a tenant-wide close can yield
    /// its periods as <see cref="InvoiceView"/>s and reuse these rows and columns.
    /// </summary>
    public static IEnumerable<ClosedPeriodRow> Of(InvoiceView period)
    {
        var services = period.Invoiced.Select(l => l.Service).Concat(period.Current.Select(l => l.Service)).Distinct(StringComparer.Ordinal);
        foreach (var service in services)
        {
            yield return new ClosedPeriodRow(
                period, Line, service, period.Invoiced.FirstOrDefault(l => l.Service == service), period.Current.FirstOrDefault(l => l.Service == service), null);
        }

        foreach (var correction in period.Corrections)
        {
            yield return new ClosedPeriodRow(period, CorrectionRow, correction.Service, null, null, correction);
        }
    }
}

/// <summary>Closed periods of customers from the billing read model, each customer's in the order they start.</summary>
internal static class ClosedPeriodRows
{
    public static IReadOnlyList<ExportColumn<ClosedPeriodRow>> Columns { get; } =
    [
        new("customer_key", r => r.Period.CustomerKey),
        new("period_id", r => r.Period.PeriodId),
        new("period_start", r => r.Period.PeriodStart),
        new("period_end", r => r.Period.PeriodEnd),
        new("closed_at", r => r.Period.ClosedAt),
        new("closed_by", r => r.Period.ClosedBy),
        new("row_type", r => r.RowType),
        new("service", r => r.Service),
        new("psa_line_id", r => (r.Current ?? r.Invoiced)?.PsaLineId),
        new("invoiced_quantity", r => r.Invoiced?.Quantity),
        new("current_quantity", r => r.Current?.Quantity),
        new("adjustment", r => r.Invoiced is { } invoiced && r.Current is { } current ? current.Quantity - invoiced.Quantity : null),
        new("unit_price", r => (r.Current ?? r.Invoiced)?.UnitPrice?.Amount),
        new("currency", r => (r.Current ?? r.Invoiced)?.UnitPrice?.Currency),
        new("correction_recorded_at", r => r.Correction?.RecordedAt),
        new("correction_valid_at", r => r.Correction?.ValidAt),
        new("correction_from", r => r.Correction?.From),
        new("correction_to", r => r.Correction?.To),
        new("correction_by", r => r.Correction?.Who),
        new("correction_what", r => r.Correction?.What),
    ];

    public static async IAsyncEnumerable<ClosedPeriodRow> ReadAsync(
        BillingQueries billing,
        string tenant,
        IAsyncEnumerable<string> customerKeys,
        string? periodId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var customerKey in customerKeys.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var periods = await billing.ListInvoicesAsync(tenant, customerKey, cancellationToken).ConfigureAwait(false);
            foreach (var period in periods.Where(p => periodId is null || p.PeriodId == periodId).OrderBy(p => p.PeriodStart))
            {
                foreach (var row in ClosedPeriodRow.Of(period))
                {
                    yield return row;
                }
            }
        }
    }
}
