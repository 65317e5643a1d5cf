using LedgerReconcile.Domain.Billing;
using LedgerReconcile.EventStore;
using LedgerReconcile.Projections.ReadModels;

namespace LedgerReconcile.Projections.Billing;

/// <summary>The <see cref="AuditEntry"/> history of a customer: every event that touched it, as a sentence, with what it changed.</summary>
internal static class AuditDocuments
{
    public static IReadOnlyList<QuantityChange> Changes(BillableUsage before, BillableUsage after) =>
        after.Services
            .Select(s => (s.Line, After: s.Quantity, Before: before.Services.FirstOrDefault(b => b.Line == s.Line)?.Quantity ?? 0))
            .Concat(before.Services.Where(b => after.Services.All(a => a.Line != b.Line)).Select(b => (b.Line, After: 0m, Before: b.Quantity)))
            .Where(c => c.Before != c.After)
            .Select(c => new QuantityChange(c.Line.ToString(), c.Before, c.After))
            .ToList();

    /// <param name="revision">The customer stream's revision the entry stands at (a tenant event does not move it).</param>
    public static void Append(
        IReadModelWriter writer,
        string tenant,
        string customerKey,
        RecordedEvent recorded,
        long revision,
        string description,
        string? reason,
        IReadOnlyList<QuantityChange> changes) =>
        writer.Append(BillingProjection.AuditKey(tenant, customerKey), new AuditEntry(
            recorded.Position,
            revision,
            recorded.EventId,
            recorded.Type,
            description,
            recorded.Metadata.Actor,
            recorded.OccurredAt,
            recorded.RecordedAt,
            reason,
            changes));
}
