using System.Collections.Immutable;
using LedgerReconcile.Domain.Billing;
using static LedgerReconcile.Domain.Tenants.TenantEvent;

namespace LedgerReconcile.Domain.Tenants;

/// <param name="Policies">Only the policies the tenant has set; the rest fall back to the defaults.</param>
public sealed record TenantState(ImmutableDictionary<CountingPolicyKind, CountingChoice> Policies)
{
    public static TenantState Initial { get; } = new(ImmutableDictionary<CountingPolicyKind, CountingChoice>.Empty);

    public static TenantState Fold(IEnumerable<TenantEvent> events) => events.Aggregate(Initial, Evolve);

    public static TenantState Evolve(TenantState state, TenantEvent @event) => @event switch
    {
        CountingPolicySet e => state with { Policies = state.Policies.SetItem(e.Policy, e.Choice) },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown tenant event."),
    };
}
