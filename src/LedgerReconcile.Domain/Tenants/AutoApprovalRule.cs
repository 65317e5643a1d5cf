namespace LedgerReconcile.Domain.Tenants;

/// <summary>
/// A tenant's rule for approving small quantity changes of one service line without a person: the change must stay
/// within both limits. A change from zero has no percentage and always waits for a person.
/// </summary>
/// <param name="MaxAbsoluteChange">Largest change in billed units (either direction).</param>
/// <param name="MaxPercentChange">Largest change as a percentage of the quantity billed now.</param>
public sealed record AutoApprovalRule(BillableService Service, string? SeatType, decimal MaxAbsoluteChange, decimal MaxPercentChange)
{
    public static AutoApprovalRule From(AutoApprovalTerms terms) =>
        new(terms.Service, terms.SeatType, terms.MaxAbsoluteChange, terms.MaxPercentChange);

    public AutoApprovalTerms ToTerms() => new(Service, SeatType, MaxAbsoluteChange, MaxPercentChange);

    public ServiceLine Line() => new(Service, SeatType);

    public bool Allows(decimal from, decimal to)
    {
        var change = Math.Abs(to - from);
        return from > 0 && change <= MaxAbsoluteChange && change * 100m / from <= MaxPercentChange;
    }
}
