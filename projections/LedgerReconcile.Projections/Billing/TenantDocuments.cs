using System.Collections.Immutable;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Projections.ReadModels;

namespace LedgerReconcile.Projections.Billing;

/// <summary>The <see cref="TenantSummary"/> document: the tenant's counting policies and the customers it has.</summary>
internal static class TenantDocuments
{
    public static DocumentKey Key(string tenant) => new(tenant, BillingProjection.TenantKind, tenant);

    public static async Task<TenantSummary> GetAsync(IReadModelWriter writer, string tenant, CancellationToken cancellationToken) =>
        await writer.GetAsync<TenantSummary>(Key(tenant), cancellationToken).ConfigureAwait(false) ?? New(tenant);

    public static TenantSummary AddCustomer(IReadModelWriter writer, string tenant, TenantSummary summary, string customerKey)
    {
        var added = summary with { Customers = summary.Customers.Add(customerKey) };
        writer.Put(Key(tenant), added);
        return added;
    }

    public static void SetPolicies(
        IReadModelWriter writer,
        string tenant,
        TenantSummary summary,
        IReadOnlyDictionary<CountingPolicyKind, CountingChoice> policies,
        long revision) =>
        writer.Put(Key(tenant), summary with { Policies = policies.ToImmutableSortedDictionary(), Revision = revision });

    private static TenantSummary New(string tenant) => new(
        tenant,
        ImmutableSortedDictionary<CountingPolicyKind, CountingChoice>.Empty,
        ImmutableSortedSet<string>.Empty,
        -1);
}
