using System.Runtime.CompilerServices;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using Mediator;

namespace LedgerReconcile.Exports;

/// <summary>One service line of one customer in a month closed for the whole book: as frozen at the close, and now.</summary>
public sealed record ClosedMonthRow(string CustomerKey, FrozenPeriod Month, ServiceLine Line, FrozenLine? AtClose, FrozenLine Now);

/// <summary>A month closed for the whole book, folded from each customer's stream (the frozen event and its adjustments).</summary>
internal static class ClosedMonthRows
{
    public static IReadOnlyList<ExportColumn<ClosedMonthRow>> Columns { get; } =
    [
        new("customer_key", r => r.CustomerKey),
        new("month", r => r.Month.PeriodId),
        new("period_start", r => r.Month.Start),
        new("period_end", r => r.Month.End),
        new("cut_off", r => r.Month.CutOff),
        new("service", r => r.Line.ToString()),
        new("psa_line_id", r => r.Now.PsaLineId),
        new("datto_quantity_at_close", r => r.AtClose?.DattoQuantity),
        new("datto_quantity_now", r => r.Now.DattoQuantity),
        new("adjustment", r => r.Now.DattoQuantity - (r.AtClose?.DattoQuantity ?? 0m)),
        new("psa_quantity_at_cut_off", r => r.Now.PsaQuantity),
        new("unit_price", r => r.Now.UnitPrice?.Amount),
        new("currency", r => r.Now.UnitPrice?.Currency),
        new("billed_amount", r => r.Now.BilledAmount),
        new("billable_amount_now", r => r.Now.BillableAmount),
    ];

    public static async IAsyncEnumerable<ClosedMonthRow> ReadAsync(
        IMediator mediator,
        string tenant,
        IAsyncEnumerable<string> customerKeys,
        string month,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var customerKey in customerKeys.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var state = (await mediator.Send(new GetCustomerLedger(tenant, customerKey), cancellationToken).ConfigureAwait(false)).State;
            if (!state.FrozenPeriods.TryGetValue(month, out var frozen))
            {
                continue;
            }

            foreach (var (line, now) in frozen.Lines.OrderBy(l => l.Key.ToString(), StringComparer.Ordinal))
            {
                yield return new ClosedMonthRow(customerKey, frozen, line, frozen.AtClose.GetValueOrDefault(line), now);
            }
        }
    }
}
