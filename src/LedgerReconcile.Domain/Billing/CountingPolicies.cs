using System.Collections.Immutable;
using LedgerReconcile.Domain.Customers;

namespace LedgerReconcile.Domain.Billing;

/// <summary>
/// Which answer to each counting question is in force for one customer: the customer's override, else the tenant's
/// setting, else the default the business gave (shares wait for a person; hidden, paused and archived still count;
/// an expired service period waits for a person).
/// </summary>
public sealed record CountingPolicies(
    ImmutableDictionary<CountingPolicyKind, CountingChoice> Tenant,
    ImmutableDictionary<CountingPolicyKind, CountingChoice> Customer)
{
    private static readonly ImmutableDictionary<CountingPolicyKind, CountingChoice> Defaults =
        new Dictionary<CountingPolicyKind, CountingChoice>
        {
            [CountingPolicyKind.NasShares] = CountingChoice.NeedsDecision,
            [CountingPolicyKind.PausedAgents] = CountingChoice.Count,
            [CountingPolicyKind.HiddenDevices] = CountingChoice.Count,
            [CountingPolicyKind.ArchivedAgents] = CountingChoice.Count,
            [CountingPolicyKind.ExpiredDevices] = CountingChoice.NeedsDecision,
        }.ToImmutableDictionary();

    public static CountingPolicies None { get; } = new(
        ImmutableDictionary<CountingPolicyKind, CountingChoice>.Empty,
        ImmutableDictionary<CountingPolicyKind, CountingChoice>.Empty);

    public static CountingChoice DefaultFor(CountingPolicyKind policy) => Defaults[policy];

    public PolicyInForce Resolve(CountingPolicyKind policy) =>
        Customer.TryGetValue(policy, out var customerChoice) ? new PolicyInForce(policy, customerChoice, PolicySource.Customer)
        : Tenant.TryGetValue(policy, out var tenantChoice) ? new PolicyInForce(policy, tenantChoice, PolicySource.Tenant)
        : new PolicyInForce(policy, Defaults[policy], PolicySource.Default);

    public IReadOnlyList<PolicyInForce> All() => Enum.GetValues<CountingPolicyKind>().Select(Resolve).ToList();
}
