using System.Collections.Immutable;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Projections.ReadModels;

namespace LedgerReconcile.Projections.Billing;

/// <summary>
/// A customer's current documents: its <see cref="BillableLine"/>s, its <see cref="AttentionItem"/>s and the
/// <see cref="CustomerSummary"/> that remembers which of them exist, so the ones that disappear are deleted.
/// </summary>
internal static class CustomerDocuments
{
    public static void Refresh(
        IReadModelWriter writer,
        string tenant,
        string customerKey,
        CustomerSummary? previous,
        CustomerState state,
        BillableUsage usage,
        long revision,
        long position)
    {
        var name = state.DattoOrganizationName ?? customerKey;
        var lines = BillableLineDocuments.Write(writer, tenant, customerKey, name, state, usage, position, previous);
        var attentionKeys = AttentionDocuments.Write(writer, tenant, customerKey, name, state, previous);
        var discrepancies = lines.Where(l => BillingQueries.DiscrepancyStatuses.Contains(l.Status)).ToList();
        var summary = new CustomerSummary(
            customerKey,
            name,
            state.Account?.OrganizationId ?? state.Usage?.Content.OrganizationId,
            state.Account?.PsaCompanyName,
            state.Account?.AgreementId,
            revision,
            lines.Select(l => l.Service).ToImmutableSortedSet(),
            attentionKeys,
            discrepancies.Count,
            discrepancies.Where(l => l.Status == BillableStatus.UnderBilled).Sum(l => l.MoneyImpact ?? 0),
            -discrepancies.Where(l => l.Status == BillableStatus.OverBilled).Sum(l => l.MoneyImpact ?? 0),
            usage.UsageObservedAt);
        writer.Put(BillingProjection.CustomerKey(tenant, customerKey), summary, new DocumentIndex(
            Status: state.Account is null ? "unmapped" : "mapped",
            Rank: summary.UnderBilledAmount + summary.OverBilledAmount));
    }
}
