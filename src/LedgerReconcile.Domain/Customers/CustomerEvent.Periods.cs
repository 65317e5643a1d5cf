namespace LedgerReconcile.Domain.Customers;

// The month-end close of the whole book: what each line stood at when finance closed the month.
public abstract partial record CustomerEvent
{
    /// <summary>
    /// The month <paramref name="PeriodId"/> is closed for this customer: every line's Datto billable quantity as of the
    /// period's last day as known at <paramref name="CutOff"/>, and what the PSA held at the cut-off, with price and
    /// money. Nothing in it is ever rewritten; what is learned later is a <see cref="FrozenPeriodAdjusted"/>.
    /// </summary>
    public sealed record BillingPeriodFrozen(
        string PeriodId,
        DateOnly PeriodStart,
        DateOnly PeriodEnd,
        DateTimeOffset CutOff,
        IReadOnlyList<FrozenLine> Lines,
        string Actor,
        DateTimeOffset FrozenAt) : CustomerEvent;

    /// <summary>
    /// Something learned after the close moved a closed month's billable quantity: <paramref name="CauseEventIds"/> are
    /// the events that moved it (a late snapshot, a decision effective inside the month).
    /// </summary>
    public sealed record FrozenPeriodAdjusted(
        string PeriodId,
        BillableService Service,
        string? SeatType,
        decimal From,
        decimal To,
        decimal? MoneyDelta,
        IReadOnlyList<string> CauseEventIds,
        string Cause,
        string Actor,
        DateTimeOffset AdjustedAt) : CustomerEvent;

    private static DateTimeOffset PeriodValidTime(CustomerEvent @event) => @event switch
    {
        BillingPeriodFrozen e => e.FrozenAt,
        FrozenPeriodAdjusted e => e.AdjustedAt,
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown customer event."),
    };
}

/// <summary>One service line of a closed month.</summary>
/// <param name="DattoQuantity">What Datto usage made billable, under the unit rule and the decisions in force.</param>
/// <param name="PsaQuantity">What the PSA line held at the cut-off; null when the line is not mapped or was never read.</param>
/// <param name="BilledAmount"><paramref name="PsaQuantity"/> × <paramref name="UnitPrice"/>: what was invoiced.</param>
/// <param name="BillableAmount"><paramref name="DattoQuantity"/> × <paramref name="UnitPrice"/>: what should have been.</param>
public sealed record FrozenLine(
    BillableService Service,
    string? SeatType,
    string? PsaLineId,
    decimal DattoQuantity,
    decimal? PsaQuantity,
    Money? UnitPrice,
    decimal? BilledAmount,
    decimal? BillableAmount)
{
    public ServiceLine Line => new(Service, SeatType);
}
