using System.Collections.Immutable;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Projections.ReadModels;

namespace LedgerReconcile.Projections.Billing;

/// <summary>The <see cref="AttentionItem"/> documents: what a person has to look at for a customer (unmapped, renamed, orphaned, not reported).</summary>
internal static class AttentionDocuments
{
    /// <summary>Writes the customer's open items and deletes the ones that closed; returns the open items' keys.</summary>
    public static ImmutableSortedSet<string> Write(
        IReadModelWriter writer,
        string tenant,
        string customerKey,
        string name,
        CustomerState state,
        CustomerSummary? previous)
    {
        var attention = Items(customerKey, name, state).ToList();
        var keys = attention.Select(a => a.Key).ToImmutableSortedSet();
        foreach (var (key, item) in attention)
        {
            writer.Put(new DocumentKey(tenant, BillingProjection.AttentionKind, key), item, new DocumentIndex(Parent: customerKey, Status: "open", Facet: item.Kind.ToString()));
        }

        foreach (var gone in previous?.AttentionKeys.Except(keys) ?? [])
        {
            writer.Delete(new DocumentKey(tenant, BillingProjection.AttentionKind, gone));
        }

        return keys;
    }

    private static IEnumerable<(string Key, AttentionItem Item)> Items(string customerKey, string name, CustomerState state)
    {
        if (state.Account is null && state.Usage is not null)
        {
            yield return ($"{customerKey}/unmapped", new AttentionItem(
                customerKey,
                name,
                AttentionKind.UnmappedOrganization,
                $"Datto organization '{name}' has usage and no PSA account mapping.",
                state.Usage.ObservedAt,
                null,
                null));
        }

        if (state.NotReported is { } silent)
        {
            yield return ($"{customerKey}/not-reported", new AttentionItem(
                customerKey,
                name,
                AttentionKind.UsageNotReported,
                $"Datto organization '{name}': {silent.Explanation} Confirm the change to 0 or find where its devices went.",
                silent.LastReportedAt,
                null,
                null));
        }

        foreach (var drift in state.Drifts.Values.Where(d => d.IsOpen).OrderBy(d => d.DriftId, StringComparer.Ordinal))
        {
            var kind = drift.Kind == DriftKind.DattoOrganizationRenamed ? AttentionKind.DattoOrganizationRenamed : AttentionKind.PsaCompanyRenamed;
            var side = drift.Kind == DriftKind.DattoOrganizationRenamed ? "Datto organization" : "PSA company";
            yield return ($"{customerKey}/drift/{drift.DriftId}", new AttentionItem(
                customerKey, name, kind, $"{side} renamed from '{drift.From}' to '{drift.To}'.", drift.ObservedAt, drift.DriftId, null));
        }

        foreach (var (mapping, facts) in state.EndedLines().OrderBy(l => l.Mapping.Line.ToString(), StringComparer.Ordinal))
        {
            var how = facts.Status == PsaLineStatus.EndDated ? $"end-dated ({facts.EndDate:yyyy-MM-dd})" : facts.Status.ToString().ToLowerInvariant();
            yield return ($"{customerKey}/psa-line-ended/{mapping.Line}", new AttentionItem(
                customerKey,
                name,
                AttentionKind.PsaLineEnded,
                $"PSA line {mapping.PsaLineId} of {mapping.Line} is {how}; unmap the service or map it to another line.",
                facts.StatusSince ?? mapping.EffectiveFrom,
                null,
                mapping.Line.ToString()));
        }

        if (state.Account is null)
        {
            foreach (var mapping in state.Services.Values.OrderBy(m => m.Line.ToString(), StringComparer.Ordinal))
            {
                yield return ($"{customerKey}/orphan/{mapping.Line}", new AttentionItem(
                    customerKey,
                    name,
                    AttentionKind.MappedLineWithoutAccount,
                    $"{mapping.Line} is mapped to PSA line {mapping.PsaLineId}, but the customer's agreement is no longer mapped.",
                    mapping.EffectiveFrom,
                    null,
                    mapping.Line.ToString()));
            }
        }
    }
}
