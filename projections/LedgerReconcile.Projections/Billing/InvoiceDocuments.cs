using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.EventStore;
using LedgerReconcile.Projections.ReadModels;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Projections.Billing;

/// <summary>The <see cref="InvoiceView"/> of each closed period: what was invoiced, what it is now, and the corrections since.</summary>
internal static class InvoiceDocuments
{
    public static async Task UpdateAsync(
        IReadModelWriter writer,
        RecordedEvent recorded,
        CustomerEvent @event,
        string tenant,
        string customerKey,
        CustomerState after,
        IReadOnlyList<QuantityChange> changes,
        CancellationToken cancellationToken)
    {
        if (@event is BillingPeriodClosed closed)
        {
            var invoiced = closed.Lines.Select(Invoiced).ToList();
            writer.Put(BillingProjection.InvoiceKey(tenant, customerKey, closed.PeriodId), new InvoiceView(
                customerKey, closed.PeriodId, closed.PeriodStart, closed.PeriodEnd, closed.ClosedAt, recorded.Metadata.Actor, invoiced, invoiced, []),
                new DocumentIndex(Parent: customerKey, Facet: closed.PeriodId));
            return;
        }

        foreach (var period in after.ClosedPeriods.Values.OrderBy(p => p.PeriodId, StringComparer.Ordinal))
        {
            var key = BillingProjection.InvoiceKey(tenant, customerKey, period.PeriodId);
            if (await writer.GetAsync<InvoiceView>(key, cancellationToken).ConfigureAwait(false) is not { } view)
            {
                continue;
            }

            if (Correction(recorded, @event, after, changes, period, view) is { } correction)
            {
                writer.Put(key, view with
                {
                    Current = period.Lines.Values.OrderBy(l => new ServiceLine(l.Service, l.SeatType).ToString(), StringComparer.Ordinal).Select(Invoiced).ToList(),
                    Corrections = [.. view.Corrections, correction],
                }, new DocumentIndex(Parent: customerKey, Facet: period.PeriodId));
            }
        }
    }

    private static InvoiceCorrection? Correction(
        RecordedEvent recorded,
        CustomerEvent @event,
        CustomerState after,
        IReadOnlyList<QuantityChange> changes,
        ClosedPeriod period,
        InvoiceView view)
    {
        if (@event is BillingPeriodAdjusted adjusted && adjusted.PeriodId == period.PeriodId)
        {
            return new InvoiceCorrection(
                recorded.RecordedAt, recorded.OccurredAt, $"Adjusted: {adjusted.Cause}", new ServiceLine(adjusted.Service, adjusted.SeatType).ToString(),
                adjusted.From, adjusted.To, recorded.Metadata.Actor);
        }

        if (@event is not BillingPeriodAdjusted && recorded.RecordedAt > view.ClosedAt && WithinPeriod(recorded.OccurredAt, period))
        {
            // Evidence about the closed period that arrived after the invoice: finance sees it against the invoice.
            var what = "Recorded after closing: " + Narration.Describe(@event, after.Usage?.Content)
                + (changes.Count > 0 ? " Current quantities changed: " + string.Join(", ", changes.Select(c => $"{c.Service} {Narration.Number(c.Before)} to {Narration.Number(c.After)}")) + "." : "");
            return new InvoiceCorrection(recorded.RecordedAt, recorded.OccurredAt, what, null, null, null, recorded.Metadata.Actor);
        }

        return null;
    }

    private static InvoicedLine Invoiced(InvoicedQuantity line) =>
        new(new ServiceLine(line.Service, line.SeatType).ToString(), line.PsaLineId, line.Quantity, line.UnitPrice);

    private static bool WithinPeriod(DateTimeOffset validAt, ClosedPeriod period)
    {
        var day = DateOnly.FromDateTime(validAt.UtcDateTime);
        return day >= period.Start && day <= period.End;
    }
}
