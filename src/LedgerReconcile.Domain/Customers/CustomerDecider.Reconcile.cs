using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace LedgerReconcile.Domain.Customers;

public static partial class CustomerDecider
{
    private static CustomerEvent[] Reconcile(ReconcileCustomer command, CustomerState state)
    {
        var settled = SettleLinesNotReconciledHere(command, state).ToList();
        if (state.Usage is null)
        {
            return [.. settled];
        }

        var usage = BillableQuantities.Compute(state, command.TenantPolicies);
        var shared = command.SharedLines ?? ImmutableDictionary<string, SharedPsaLine>.Empty;
        var elsewhere = command.ReconciledElsewhere ?? ImmutableDictionary<string, string>.Empty;
        return
        [
            .. settled,
            .. state.Services.Values
                .Where(m => !elsewhere.ContainsKey(m.PsaLineId))
                .OrderBy(m => m.Line.ToString(), StringComparer.Ordinal)
                .SelectMany(mapping => shared.TryGetValue(mapping.PsaLineId, out var line)
                    ? ReconcileSharedLine(command, state, usage, mapping, line)
                    : ReconcileLine(command, state, usage, mapping)),
        ];
    }

    private static IEnumerable<CustomerEvent> ReconcileLine(ReconcileCustomer command, CustomerState state, BillableUsage usage, ServiceMapping mapping)
    {
        var service = usage.Services.FirstOrDefault(s => s.Line == mapping.Line);
        var open = state.OpenProposalFor(mapping.PsaLineId);
        if (service is null || !state.PsaLines.TryGetValue(mapping.PsaLineId, out var billed) || open is { Status: ProposalStatus.WriteRequested })
        {
            return [];
        }

        var (from, to) = (billed.Quantity, service.Quantity);
        return Settle(
            command,
            state,
            new LineToSettle(
                mapping,
                from,
                to,
                Block(state, mapping, service, from, to),
                // A proposal made while the line was shared no longer fits a line this organization bills alone.
                state.Contributions.ContainsKey(open?.ProposalId ?? Guid.Empty),
                proposalId => new QuantityChangeProposed(proposalId, mapping.Line.Service, mapping.Line.SeatType, mapping.PsaLineId, from, to, BasisOf(usage, service), command.Actor, command.Now)));
    }

    /// <param name="OpenNoLongerFits">The open proposal must go even if its numbers still match (the organizations billed on the line changed).</param>
    private sealed record LineToSettle(
        ServiceMapping Mapping,
        decimal From,
        decimal To,
        QuantityChangeBlocked? Block,
        bool OpenNoLongerFits,
        Func<Guid, CustomerEvent> Proposal);

    // One open proposal when the numbers are apart, none when they agree, a recorded block when it must not be proposed.
    private static IEnumerable<CustomerEvent> Settle(ReconcileCustomer command, CustomerState state, LineToSettle line)
    {
        var (mapping, from, to) = (line.Mapping, line.From, line.To);
        var open = state.OpenProposalFor(mapping.PsaLineId);
        var withdrawn = new List<CustomerEvent>();
        if (open is not null && (open.From != from || open.To != to || line.Block is not null || line.OpenNoLongerFits))
        {
            withdrawn.Add(new QuantityChangeWithdrawn(open.ProposalId, $"Superseded: the line should now go from {from} to {to}.", command.Actor, command.Now));
            open = null;
        }

        if (line.Block is { } block)
        {
            return [.. withdrawn, .. Blocking(state, block with { Actor = command.Actor, BlockedAt = command.Now })];
        }

        if (state.Blocked.ContainsKey(mapping.Line))
        {
            var why = from == to ? $"the PSA line bills {to}, as billable" : "nothing stops a proposal any more";
            withdrawn.Add(new QuantityChangeUnblocked(mapping.Line.Service, mapping.Line.SeatType, mapping.PsaLineId, $"Unblocked: {why}.", command.Actor, command.Now));
        }

        if (open is not null || from == to || DismissedThisMonth(state, mapping.PsaLineId, from, to, command.Now) || state.RejectedAsIs(mapping.PsaLineId, from, to))
        {
            return withdrawn;
        }

        return [.. withdrawn, line.Proposal(ProposalIdFor(command.ReconcileId, mapping.PsaLineId))];
    }

    // Only a line whose numbers are apart can be blocked: a line that agrees has nothing to propose and nothing to hold back.
    private static QuantityChangeBlocked? Block(CustomerState state, ServiceMapping mapping, ServiceQuantity service, decimal from, decimal to) =>
        Block(mapping, state.FactsOf(mapping.PsaLineId), service.NeedsDecision, from, to);

    private static QuantityChangeBlocked? Block(ServiceMapping mapping, PsaLineFacts facts, IReadOnlyList<AssetOutcome> needsDecision, decimal from, decimal to)
    {
        if (from == to)
        {
            return null;
        }

        var (reason, detail) = facts switch
        {
            { Status: not PsaLineStatus.Active } => (BlockReason.PsaLineEnded, EndedDetail(mapping.PsaLineId, facts)),
            { Billed: false } => (BlockReason.PsaLineNotBilled, $"PSA line {mapping.PsaLineId} is marked as not billed; its quantity is not proposed."),
            _ when needsDecision.Count > 0 => (
                BlockReason.AssetsNeedDecision,
                $"{needsDecision.Count} asset(s) need a decision before {mapping.Line} can be proposed: " +
                string.Join(", ", needsDecision.Select(a => $"{a.Asset.Kind} {a.Name}"))),
            _ => ((BlockReason?)null, ""),
        };
        return reason is { } blockedBy
            ? new QuantityChangeBlocked(
                mapping.Line.Service,
                mapping.Line.SeatType,
                mapping.PsaLineId,
                from,
                to,
                blockedBy,
                detail,
                blockedBy == BlockReason.AssetsNeedDecision ? needsDecision.Select(a => a.Asset).ToList() : [],
                "",
                default)
            : null;
    }

    // A line already blocked for the same numbers and reason stays blocked without another event.
    private static CustomerEvent[] Blocking(CustomerState state, QuantityChangeBlocked block)
    {
        var blocked = state.Blocked.GetValueOrDefault(new ServiceLine(block.Service, block.SeatType));
        return blocked is not null && blocked.From == block.From && blocked.To == block.To && blocked.Reason == block.Reason && blocked.Assets.SequenceEqual(block.Assets)
            ? []
            : [block];
    }

    private static string EndedDetail(string psaLineId, PsaLineFacts facts) => facts.Status switch
    {
        PsaLineStatus.EndDated => $"PSA line {psaLineId} is end-dated ({facts.EndDate:yyyy-MM-dd}); decide whether to unmap the service or move it to another line.",
        PsaLineStatus.Cancelled => $"PSA line {psaLineId} was cancelled; decide whether to unmap the service or move it to another line.",
        _ => $"PSA line {psaLineId} is no longer on the agreement; decide whether to unmap the service or move it to another line.",
    };

    private static bool DismissedThisMonth(CustomerState state, string psaLineId, decimal from, decimal to, DateTimeOffset now) =>
        state.Proposals.Values.Any(p =>
            p is { Status: ProposalStatus.Dismissed, DismissedUntil: { } until }
            && p.PsaLineId == psaLineId && p.From == from && p.To == to
            && DateOnly.FromDateTime(now.UtcDateTime) < until);

    /// <summary>
    /// The id of the proposal a reconciliation makes for a line: the same reconciliation decided again (a retry after a
    /// conflict) proposes under the same id, while a later reconciliation proposes under a new one.
    /// </summary>
    public static Guid ProposalIdFor(Guid reconcileId, string psaLineId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{reconcileId:N}/{psaLineId}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
