namespace LedgerReconcile.Domain.Customers;

public static partial class CustomerDecider
{
    private static CustomerEvent[] Observe(ObservePsaQuantity command, CustomerState state)
    {
        EnsureReadable(state, command.PsaLineId, command.Quantity);

        return state.PsaLines.TryGetValue(command.PsaLineId, out var known)
               && known.Quantity == command.Quantity
               && known.ObservedAt >= command.ObservedAt
            ? []
            : [new PsaQuantityObserved(command.PsaLineId, command.Quantity, command.ObservedAt, command.Actor)];
    }

    private static CustomerEvent[] Propose(ProposeQuantityChange command, CustomerState state)
    {
        if (!state.Services.TryGetValue(command.Line, out var mapping))
        {
            throw new RuleViolationException("proposal.service_not_mapped", $"{command.Line} is not mapped to a PSA line.");
        }

        if (state.Usage is null)
        {
            throw new RuleViolationException("proposal.no_usage", "No Datto usage has been recorded for this customer yet.");
        }

        if (!state.PsaLines.TryGetValue(mapping.PsaLineId, out var billed))
        {
            throw new RuleViolationException("proposal.psa_not_observed", $"PSA line {mapping.PsaLineId} has not been read yet.");
        }

        var usage = BillableQuantities.Compute(state, command.TenantPolicies);
        var service = usage.For(command.Line.Service, command.Line.SeatType);
        var open = state.OpenProposalFor(mapping.PsaLineId);
        if (open is { Status: ProposalStatus.WriteRequested })
        {
            throw new RuleViolationException("proposal.write_in_flight", $"A write to PSA line {mapping.PsaLineId} is in flight; wait for its outcome.");
        }

        if (open is not null && open.From == billed.Quantity && open.To == service.Quantity)
        {
            return [];
        }

        var withdrawn = open is null
            ? []
            : new CustomerEvent[] { new QuantityChangeWithdrawn(open.ProposalId, $"Superseded: the line should now go from {billed.Quantity} to {service.Quantity}.", command.Actor, command.Now) };
        if (service.Quantity == billed.Quantity)
        {
            return withdrawn;
        }

        // A proposal must never silently drop assets that wait for a decision, nor bill a line that ended or is not billed.
        if (Block(state, mapping, service, billed.Quantity, service.Quantity) is { } block)
        {
            return [.. withdrawn, .. Blocking(state, block with { Actor = command.Actor, BlockedAt = command.Now })];
        }

        var basis = BasisOf(usage, service);
        return
        [
            .. withdrawn,
            new QuantityChangeProposed(
                command.ProposalId,
                command.Line.Service,
                command.Line.SeatType,
                mapping.PsaLineId,
                billed.Quantity,
                service.Quantity,
                basis,
                command.Actor,
                command.Now),
        ];
    }

    private static void EnsureReadable(CustomerState state, string psaLineId, decimal? quantity)
    {
        if (state.Services.Values.All(s => s.PsaLineId != psaLineId))
        {
            throw new RuleViolationException("psa.line_not_mapped", $"PSA line {psaLineId} is not mapped to any service of this customer.");
        }

        if (quantity < 0)
        {
            throw new RuleViolationException("psa.negative_quantity", "A PSA line cannot bill a negative quantity.");
        }
    }

    private static ProposalBasis BasisOf(BillableUsage usage, ServiceQuantity service) => new(
        usage.SnapshotId,
        usage.ContentHash,
        usage.UsageObservedAt,
        service.UnitRule.ToTerms(),
        service.RawAmount,
        usage.Policies,
        service.Counted.Count,
        service.Ignored.Count,
        service.NeedsDecision.Count);

    private static CustomerEvent[] Approve(ApproveQuantityChange command, CustomerState state) =>
        Proposal(state, command.ProposalId).Status switch
        {
            ProposalStatus.Pending => command.EffectiveDate is { } effective
                ? [new QuantityChangeApprovedWithEffectiveDate(command.ProposalId, effective, command.Note, command.Actor, command.Now)]
                : [new QuantityChangeApproved(command.ProposalId, command.Note, command.Actor, command.Now)],
            ProposalStatus.Approved or ProposalStatus.WriteRequested or ProposalStatus.Written => [],
            var status => throw new RuleViolationException("proposal.not_pending", $"Proposal {command.ProposalId} is {status} and can no longer be approved."),
        };

    // Only a pending proposal inside a rule's limits is approved; anything else simply keeps waiting for a person. A proposal
    // resting on usage Datto did not report (typically to 0) always waits: the devices may only have moved.
    private static CustomerEvent[] AutoApprove(AutoApproveQuantityChange command, CustomerState state)
    {
        var proposal = Proposal(state, command.ProposalId);
        var rule = command.Rules.FirstOrDefault(r => r.Line() == proposal.Line);
        return proposal.Status == ProposalStatus.Pending && !state.Blocked.ContainsKey(proposal.Line) && !state.RestsOnUnreportedUsage(proposal.ProposalId) && rule is not null && rule.Allows(proposal.From, proposal.To)
            ? [new QuantityChangeAutoApproved(proposal.ProposalId, rule.ToTerms(), proposal.From, proposal.To, command.Actor, command.Now)]
            : [];
    }

    private static CustomerEvent[] Reject(RejectQuantityChange command, CustomerState state) =>
        Proposal(state, command.ProposalId).Status switch
        {
            ProposalStatus.Pending or ProposalStatus.Approved => [new QuantityChangeRejected(command.ProposalId, command.Reason, command.Actor, command.Now)],
            ProposalStatus.Rejected => [],
            var status => throw new RuleViolationException("proposal.not_open", $"Proposal {command.ProposalId} is {status} and can no longer be rejected."),
        };
}
