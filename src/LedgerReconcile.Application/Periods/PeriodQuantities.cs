namespace LedgerReconcile.Application.Periods;

/// <summary>
/// What a closed month's lines are worth. The usage is what Datto reported for the month (valid by its last instant);
/// it is judged by the mappings, decisions and policies recorded by <c>rulesAt</c>: at the close, the cut-off, so
/// that the decisions finance made to clear the blockers apply to the month they were made for; afterwards, now, so
/// that a corrected decision re-judges the month (as an adjustment, never by rewriting it).
/// </summary>
public sealed class PeriodQuantities(CustomerLedger customers, TenantLedger tenants)
{
    public async Task<BillableUsage> BillableAsync(string tenant, string customerKey, DateTimeOffset endsAt, DateTimeOffset rulesAt, CancellationToken cancellationToken) =>
        (await JudgeAsync(tenant, customerKey, endsAt, rulesAt, cancellationToken)).Usage;

    public async Task<IReadOnlyList<FrozenLine>> FrozenLinesAsync(
        string tenant, string customerKey, DateTimeOffset endsAt, DateTimeOffset cutOff, CancellationToken cancellationToken)
    {
        var (usage, atCutOff) = await JudgeAsync(tenant, customerKey, endsAt, cutOff, cancellationToken);
        return usage.Services
            .Where(s => s.Mapping is not null || s.Quantity != 0)
            .Select(s =>
            {
                var psa = s.Mapping is { } mapping ? atCutOff.PsaLines.GetValueOrDefault(mapping.PsaLineId)?.Quantity : null;
                var price = s.Mapping?.UnitPrice;
                return new FrozenLine(s.Line.Service, s.Line.SeatType, s.Mapping?.PsaLineId, s.Quantity, psa, price, psa * price?.Amount, s.Quantity * price?.Amount);
            })
            .ToList();
    }

    private async Task<(BillableUsage Usage, CustomerState Rules)> JudgeAsync(
        string tenant, string customerKey, DateTimeOffset endsAt, DateTimeOffset rulesAt, CancellationToken cancellationToken)
    {
        var reported = (await customers.LoadAsOfAsync(tenant, customerKey, endsAt, rulesAt, cancellationToken)).State.Usage;
        var rules = (await customers.LoadAsOfAsync(tenant, customerKey, rulesAt, rulesAt, cancellationToken)).State;
        var policies = (await tenants.LoadAsOfAsync(tenant, rulesAt, rulesAt, cancellationToken)).State.Policies;
        return (BillableQuantities.Compute(rules with { Usage = reported }, policies), rules);
    }
}
