using System.Collections.Immutable;

namespace LedgerReconcile.Application.Periods;

/// <summary>
/// What a closed month's lines are worth. The usage is what Datto reported for the month (valid by its last instant);
/// it is judged by the mappings, decisions and policies recorded by <c>rulesAt</c>: at the close, the cut-off, so
/// that the decisions finance made to clear the blockers apply to the month they were made for; afterwards, now, so
/// that a corrected decision re-judges the month (as an adjustment, never by rewriting it).
/// </summary>
public sealed class PeriodQuantities(CustomerLedger customers, TenantLedger tenants)
{
    /// <summary>The tenant's policies recorded by <paramref name="rulesAt"/>: the same for every customer and month judged then, so read once.</summary>
    public async Task<ImmutableDictionary<CountingPolicyKind, CountingChoice>> TenantPoliciesAsync(string tenant, DateTimeOffset rulesAt, CancellationToken cancellationToken) =>
        (await tenants.LoadAsOfAsync(tenant, rulesAt, rulesAt, cancellationToken)).State.Policies;

    /// <summary>The month's reported usage judged by <paramref name="rules"/> (the customer's ledger as recorded by <paramref name="rulesAt"/>).</summary>
    public async Task<BillableUsage> BillableAsync(
        string tenant,
        string customerKey,
        DateTimeOffset endsAt,
        DateTimeOffset rulesAt,
        CustomerState rules,
        ImmutableDictionary<CountingPolicyKind, CountingChoice> policies,
        CancellationToken cancellationToken)
    {
        var reported = (await customers.LoadAsOfAsync(tenant, customerKey, endsAt, rulesAt, cancellationToken)).State.Usage;
        return BillableQuantities.Compute(rules with { Usage = reported }, policies);
    }

    public async Task<IReadOnlyList<FrozenLine>> FrozenLinesAsync(
        string tenant,
        string customerKey,
        DateTimeOffset endsAt,
        DateTimeOffset cutOff,
        ImmutableDictionary<CountingPolicyKind, CountingChoice> policies,
        CancellationToken cancellationToken)
    {
        var atCutOff = (await customers.LoadAsOfAsync(tenant, customerKey, cutOff, cutOff, cancellationToken)).State;
        var usage = await BillableAsync(tenant, customerKey, endsAt, cutOff, atCutOff, policies, cancellationToken);
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
}
