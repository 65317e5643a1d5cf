using System.Collections.Immutable;

namespace LedgerReconcile.Domain.Customers;

public sealed partial record CustomerState
{
    /// <summary>Months closed with the whole book, by period id, with their adjustments applied.</summary>
    public ImmutableDictionary<string, FrozenPeriod> FrozenPeriods { get; init; } = ImmutableDictionary<string, FrozenPeriod>.Empty;

    private CustomerState EvolvePeriods(CustomerEvent @event) => @event switch
    {
        BillingPeriodFrozen e => this with
        {
            FrozenPeriods = FrozenPeriods.SetItem(
                e.PeriodId,
                new FrozenPeriod(e.PeriodId, e.PeriodStart, e.PeriodEnd, e.CutOff, e.Lines.ToImmutableDictionary(l => l.Line)) { AtClose = e.Lines.ToImmutableDictionary(l => l.Line) }),
        },
        FrozenPeriodAdjusted e => FrozenPeriods.TryGetValue(e.PeriodId, out var period)
            ? this with { FrozenPeriods = FrozenPeriods.SetItem(e.PeriodId, period.Adjusted(new ServiceLine(e.Service, e.SeatType), e.To)) }
            : this,
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown customer event."),
    };
}

/// <summary>A closed month as it stands now: frozen at the close, moved only by adjustments.</summary>
public sealed record FrozenPeriod(string PeriodId, DateOnly Start, DateOnly End, DateTimeOffset CutOff, ImmutableDictionary<ServiceLine, FrozenLine> Lines)
{
    /// <summary>The lines as frozen at the close, before any adjustment.</summary>
    public ImmutableDictionary<ServiceLine, FrozenLine> AtClose { get; init; } = ImmutableDictionary<ServiceLine, FrozenLine>.Empty;

    /// <summary>The last instant of the period's last day (UTC): the valid time its billable quantities are judged at.</summary>
    public DateTimeOffset EndsAt => LastInstantOf(End);

    public static DateTimeOffset LastInstantOf(DateOnly day) => new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddTicks(-1);

    public FrozenPeriod Adjusted(ServiceLine line, decimal quantity)
    {
        var frozen = Lines.GetValueOrDefault(line) ?? new FrozenLine(line.Service, line.SeatType, null, 0m, null, null, null, null);
        return this with
        {
            Lines = Lines.SetItem(line, frozen with { DattoQuantity = quantity, BillableAmount = quantity * frozen.UnitPrice?.Amount }),
        };
    }
}
