using System.Collections.Immutable;

namespace LedgerReconcile.Domain.Customers;

public static partial class CustomerDecider
{
    // The home stream proposes the line's unit rule applied to the summed raw amount: the allowance, the minimum and the
    // rounding step are terms of the one PSA line, so applying them per organization would bill each of them again.
    private static IEnumerable<CustomerEvent> ReconcileSharedLine(
        ReconcileCustomer command,
        CustomerState state,
        BillableUsage usage,
        ServiceMapping mapping,
        SharedPsaLine shared)
    {
        var service = usage.Services.FirstOrDefault(s => s.Line == mapping.Line);
        if (service is null)
        {
            return [];
        }

        var home = SharingOrganization.Of(shared.HomeCustomerKey, state, usage, service);
        var organizations = shared.Others.Prepend(home).OrderBy(o => o.CustomerKey, StringComparer.Ordinal).ToList();
        var rawAmount = organizations.Sum(o => o.Quantity.RawAmount);
        var contributions = organizations.Select(o => ContributionOf(o, mapping.UnitRule)).ToList();
        var total = mapping.UnitRule.Quantity(rawAmount);
        var sharing = SharingChanged(command, state, mapping.PsaLineId, new LineSharing(shared.HomeCustomerKey, total, [.. contributions]));

        var open = state.OpenProposalFor(mapping.PsaLineId);
        var (billed, facts) = NewestRead(state, mapping.PsaLineId, shared);
        if (billed is null || shared.WriteInFlight || open is { Status: ProposalStatus.WriteRequested })
        {
            return sharing;
        }

        var (from, to) = (billed.Quantity, total);
        var basis = new ProposalBasis(
            usage.SnapshotId,
            usage.ContentHash,
            usage.UsageObservedAt,
            mapping.UnitRule.ToTerms(),
            rawAmount,
            usage.Policies,
            contributions.Sum(c => c.CountedAssets),
            contributions.Sum(c => c.IgnoredAssets),
            contributions.Sum(c => c.AssetsNeedingDecision));
        return
        [
            .. sharing,
            .. Settle(
            command,
            state,
            new LineToSettle(
                mapping,
                from,
                to,
                Disagreement(mapping, organizations, from, to) ?? SharedBlock(mapping, facts, organizations, from, to),
                open is not null && !ContributorsOf(state, open, shared.HomeCustomerKey).SetEquals(organizations.Select(o => o.CustomerKey)),
                proposalId => new QuantityChangeProposedWithContributions(
                    proposalId,
                    mapping.Line.Service,
                    mapping.Line.SeatType,
                    mapping.PsaLineId,
                    from,
                    to,
                    basis,
                    contributions,
                    command.Actor,
                    command.Now))),
        ];
    }

    private static CustomerEvent[] SharingChanged(ReconcileCustomer command, CustomerState state, string psaLineId, LineSharing sharing) =>
        state.Sharing.TryGetValue(psaLineId, out var known) && known.SameAs(sharing)
            ? []
            : [new PsaLineSharingRecorded(psaLineId, sharing.HomeCustomerKey, sharing.Total, [.. sharing.Contributions], command.Actor, command.Now)];

    // A PSA read may have landed in any stream mapping the line; the newest one is what the PSA bills.
    private static (ObservedPsaQuantity? Billed, PsaLineFacts Facts) NewestRead(CustomerState state, string psaLineId, SharedPsaLine shared)
    {
        var own = state.PsaLines.GetValueOrDefault(psaLineId);
        return shared.NewestRead is { } other && (own is null || other.ObservedAt > own.ObservedAt)
            ? (other, shared.NewestFacts)
            : (own, state.FactsOf(psaLineId));
    }

    private static ImmutableHashSet<string> ContributorsOf(CustomerState state, QuantityProposal open, string homeCustomerKey)
    {
        var contributions = state.ContributionsTo(open.ProposalId);
        return contributions.IsEmpty ? [homeCustomerKey] : [.. contributions.Select(c => c.CustomerKey)];
    }

    private static OrganizationContribution ContributionOf(SharingOrganization organization, UnitRule lineRule) => new(
        organization.CustomerKey,
        organization.OrganizationId,
        organization.OrganizationName,
        organization.Quantity.Line.Service,
        organization.Quantity.Line.SeatType,
        organization.SnapshotId,
        organization.ContentHash,
        organization.Quantity.RawAmount,
        lineRule.ToUnits(organization.Quantity.RawAmount),
        organization.Quantity.Counted.Count,
        organization.Quantity.Ignored.Count,
        organization.Quantity.NeedsDecision.Count);

    // Summing is only meaningful when every organization bills the same service under the same rule on the line.
    private static QuantityChangeBlocked? Disagreement(ServiceMapping mapping, IReadOnlyList<SharingOrganization> organizations, decimal from, decimal to)
    {
        var apart = organizations.Where(o => o.Quantity.Line != mapping.Line || o.Quantity.UnitRule != mapping.UnitRule).ToList();
        return from == to || apart.Count == 0
            ? null
            : new QuantityChangeBlocked(
                mapping.Line.Service,
                mapping.Line.SeatType,
                mapping.PsaLineId,
                from,
                to,
                BlockReason.SharedLineMappingsDisagree,
                $"PSA line {mapping.PsaLineId} bills {mapping.Line} in {mapping.UnitRule.Unit} here, but "
                + string.Join(", ", apart.Select(o => $"{o.CustomerKey} maps {o.Quantity.Line} in {o.Quantity.UnitRule.Unit} to it"))
                + "; map it the same way for every organization before its quantities can be summed.",
                [],
                "",
                default);
    }

    // Any organization's assets waiting for a decision hold the whole line back; the detail says whose they are.
    private static QuantityChangeBlocked? SharedBlock(
        ServiceMapping mapping,
        PsaLineFacts facts,
        IReadOnlyList<SharingOrganization> organizations,
        decimal from,
        decimal to)
    {
        var needsDecision = organizations.SelectMany(o => o.Quantity.NeedsDecision).ToList();
        var block = Block(mapping, facts, needsDecision, from, to);
        return block is { Reason: BlockReason.AssetsNeedDecision }
            ? block with
            {
                Detail = $"{needsDecision.Count} asset(s) need a decision before {mapping.Line} can be proposed: " + string.Join(
                    "; ",
                    organizations
                        .Where(o => o.Quantity.NeedsDecision.Count > 0)
                        .Select(o => $"{o.OrganizationName ?? o.CustomerKey} ({o.CustomerKey}): " + string.Join(", ", o.Quantity.NeedsDecision.Select(a => $"{a.Asset.Kind} {a.Name}")))),
            }
            : block;
    }

    // Lines this stream does not reconcile (another organization's stream holds the summed line, or the line is no
    // longer mapped here) keep no open proposal and no block of their own.
    private static IEnumerable<CustomerEvent> SettleLinesNotReconciledHere(ReconcileCustomer command, CustomerState state)
    {
        var elsewhere = command.ReconciledElsewhere ?? ImmutableDictionary<string, string>.Empty;
        var mapped = state.Services.Values.Select(m => m.PsaLineId).ToHashSet(StringComparer.Ordinal);
        foreach (var sharing in SharingHere(command, state, elsewhere, mapped))
        {
            yield return sharing;
        }

        foreach (var open in state.Proposals.Values.Where(p => p.Status is ProposalStatus.Pending or ProposalStatus.Approved).OrderBy(p => p.ProposalId))
        {
            var reason = elsewhere.TryGetValue(open.PsaLineId, out var home)
                ? $"PSA line {open.PsaLineId} is shared with other organizations and reconciled, summed, in customer {home}; this customer no longer proposes for it."
                : mapped.Contains(open.PsaLineId) ? null : $"PSA line {open.PsaLineId} is no longer mapped by this customer.";
            if (reason is not null)
            {
                yield return new QuantityChangeWithdrawn(open.ProposalId, reason, command.Actor, command.Now);
            }
        }

        foreach (var blocked in state.Blocked.Values.OrderBy(b => b.Line.ToString(), StringComparer.Ordinal))
        {
            var reason = elsewhere.TryGetValue(blocked.PsaLineId, out var home)
                ? $"Unblocked: PSA line {blocked.PsaLineId} is reconciled in customer {home}, summed with the other organizations."
                : state.Services.ContainsKey(blocked.Line) ? null : $"Unblocked: {blocked.Line} is no longer mapped.";
            if (reason is not null)
            {
                yield return new QuantityChangeUnblocked(blocked.Line.Service, blocked.Line.SeatType, blocked.PsaLineId, reason, command.Actor, command.Now);
            }
        }
    }

    // Without a census (a caller that did not look across streams) nothing is known about sharing, so nothing ends.
    private static IEnumerable<CustomerEvent> SharingHere(
        ReconcileCustomer command, CustomerState state, ImmutableDictionary<string, string> elsewhere, HashSet<string> mapped)
    {
        if (command.SharedLines is null && command.ReconciledElsewhere is null)
        {
            yield break;
        }

        foreach (var (psaLineId, home) in elsewhere.Where(e => mapped.Contains(e.Key)).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            foreach (var recorded in SharingChanged(command, state, psaLineId, new LineSharing(home, null, [])))
            {
                yield return recorded;
            }
        }

        var shared = command.SharedLines ?? ImmutableDictionary<string, SharedPsaLine>.Empty;
        foreach (var psaLineId in state.Sharing.Keys.Where(l => !elsewhere.ContainsKey(l) && !shared.ContainsKey(l)).OrderBy(l => l, StringComparer.Ordinal))
        {
            var why = mapped.Contains(psaLineId)
                ? $"PSA line {psaLineId} is no longer shared: only this customer maps it now."
                : $"PSA line {psaLineId} is no longer mapped by this customer.";
            yield return new PsaLineSharingEnded(psaLineId, why, command.Actor, command.Now);
        }
    }
}

