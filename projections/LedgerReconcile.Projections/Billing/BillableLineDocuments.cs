using System.Collections.Immutable;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Projections.ReadModels;

namespace LedgerReconcile.Projections.Billing;

/// <summary>The <see cref="BillableLine"/> documents: one per service a customer has usage, a mapping or a decision for.</summary>
internal static class BillableLineDocuments
{
    /// <summary>Writes the customer's lines and deletes the ones it no longer has.</summary>
    public static IReadOnlyList<BillableLine> Write(
        IReadModelWriter writer,
        string tenant,
        string customerKey,
        string name,
        CustomerState state,
        BillableUsage usage,
        long position,
        CustomerSummary? previous)
    {
        var lines = usage.Services
            .Where(s => s.Mapping is not null || s.Quantity != 0 || s.RawAmount != 0 || s.NeedsDecision.Count > 0 || s.Ignored.Count > 0)
            .Select(s => ToLine(customerKey, name, state, s, usage, position))
            .ToList();
        foreach (var line in lines)
        {
            writer.Put(BillingProjection.BillableKey(tenant, customerKey, line.Service), line, new DocumentIndex(
                Parent: customerKey,
                Status: line.Status.ToString(),
                Facet: line.Service,
                Rank: line.MoneyImpact is { } impact ? Math.Abs(impact) : null));
        }

        foreach (var gone in previous?.Lines.Except(lines.Select(l => l.Service)) ?? [])
        {
            writer.Delete(BillingProjection.BillableKey(tenant, customerKey, gone));
        }

        return lines;
    }

    public static BillableAsset ToAsset(AssetOutcome outcome) =>
        new(outcome.Asset.Kind, outcome.Asset.Id, outcome.Name, outcome.Amount, outcome.Basis, outcome.Explanation, outcome.Decision?.Actor);

    private static BillableLine ToLine(string customerKey, string name, CustomerState state, ServiceQuantity quantity, BillableUsage usage, long position)
    {
        var mapping = quantity.Mapping;
        var observed = mapping is not null ? state.PsaLines.GetValueOrDefault(mapping.PsaLineId) : null;
        var shared = mapping is not null ? Shared(customerKey, state, mapping.PsaLineId) : null;
        var elsewhere = shared is { IsHome: false };
        var difference = elsewhere ? 0 : (shared?.Total ?? quantity.Quantity) - (observed?.Quantity ?? 0);
        var price = mapping?.UnitPrice;
        var status = elsewhere ? BillableStatus.SharedElsewhere : Status(state, quantity, difference);
        var note = shared is { IsHome: false } away ? $"PSA line {mapping!.PsaLineId} is shared: it is reconciled, summed with the other organizations, in customer {away.HomeCustomerKey}."
            : mapping is not null && observed is null ? "The PSA line has not been read yet; compared with 0."
            : shared is { } sum ? $"PSA line shared by {sum.Contributions.Length} organizations: their sum, {sum.Total}, is reconciled here."
            : null;
        return new BillableLine(
            customerKey,
            name,
            quantity.Line.ToString(),
            quantity.Line.Service,
            quantity.Line.SeatType,
            Narration.Unit(quantity.Line, quantity.UnitRule),
            quantity.Quantity,
            quantity.RawAmount,
            quantity.Counted.Select(ToAsset).ToList(),
            quantity.Ignored.Select(ToAsset).ToList(),
            quantity.NeedsDecision.Select(ToAsset).ToList(),
            mapping?.PsaLineId,
            observed?.Quantity,
            observed?.ObservedAt,
            difference,
            price,
            price is null || elsewhere ? null : difference * price.Amount,
            status,
            note,
            usage.SnapshotId,
            usage.UsageObservedAt,
            position,
            shared is { IsHome: true } contributed ? contributed.Contributions : null);
    }

    private sealed record SharedLine(string HomeCustomerKey, bool IsHome, decimal? Total, ImmutableArray<OrganizationContribution> Contributions);

    // An open summed proposal is the newest word on the line; otherwise the sharing recorded by the last reconciliation.
    private static SharedLine? Shared(string customerKey, CustomerState state, string psaLineId) =>
        state.OpenProposalFor(psaLineId) is { } open && state.ContributionsTo(open.ProposalId) is { IsEmpty: false } contributions
            ? new SharedLine(customerKey, true, open.To, contributions)
            : state.Sharing.GetValueOrDefault(psaLineId) is { } sharing
                ? new SharedLine(sharing.HomeCustomerKey, sharing.HomeCustomerKey == customerKey, sharing.Total, sharing.Contributions)
                : null;

    private static BillableStatus Status(CustomerState state, ServiceQuantity quantity, decimal difference)
    {
        if (state.Account is null || quantity.Mapping is not { } mapping)
        {
            return BillableStatus.Unmapped;
        }

        if (state.Writes.Values.Any(w => w.PsaLineId == mapping.PsaLineId && w.Status == PsaWriteStatus.Requested))
        {
            return BillableStatus.WritePending;
        }

        if (state.OpenProposalFor(mapping.PsaLineId) is { Status: ProposalStatus.Approved } proposal
            && state.Writes.Values.Any(w => w.ProposalId == proposal.ProposalId && w.Status == PsaWriteStatus.Failed))
        {
            return BillableStatus.WriteFailed;
        }

        if (quantity.NeedsDecision.Count > 0)
        {
            return BillableStatus.NeedsDecision;
        }

        return difference switch
        {
            > 0 => BillableStatus.UnderBilled,
            < 0 => BillableStatus.OverBilled,
            _ => BillableStatus.InSync,
        };
    }
}
