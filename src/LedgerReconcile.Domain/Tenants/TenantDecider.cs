using static LedgerReconcile.Domain.Tenants.TenantCommand;
using static LedgerReconcile.Domain.Tenants.TenantEvent;

namespace LedgerReconcile.Domain.Tenants;

public static class TenantDecider
{
    public static TenantEvent[] Decide(TenantCommand command, TenantState state) => command switch
    {
        // Setting a policy to its default is still recorded: an explicit choice is evidence a default is not.
        SetCountingPolicy c => state.Policies.TryGetValue(c.Policy, out var current) && current == c.Choice
            ? []
            : [new CountingPolicySet(c.Policy, c.Choice, c.Reason, c.EffectiveFrom ?? c.Now, c.Actor, c.Now)],
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown tenant command."),
    };
}
