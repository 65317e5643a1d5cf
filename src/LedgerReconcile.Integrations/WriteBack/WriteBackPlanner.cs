using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Integrations.WriteBack;

/// <summary>Which proposals a write-back pass writes, and why: what the dry run shows and the pass follows.</summary>
public sealed class WriteBackPlanner(
    WriteBackIndex index,
    WriteBackLedger ledger,
    IPsaConnectorSource connectors,
    TimeProvider clock,
    IOptions<LedgerIntegrationOptions> options)
{
    private LedgerIntegrationOptions Settings => options.Value;

    /// <summary>Whether the proposal's failed writes have used up its attempts, leaving it to a person.</summary>
    public bool AttemptsUsedUp(CustomerState state, Guid proposalId) =>
        state.Writes.Values.Count(w => w.ProposalId == proposalId && w.Status == PsaWriteStatus.Failed) >= Settings.MaxWriteAttemptsPerProposal;

    /// <summary>
    /// The date a proposal's change takes effect on the PSA: the one its approval set, else the configured default for
    /// the PSA (approvals recorded before approvals carried a date).
    /// </summary>
    public DateOnly EffectiveDate(QuantityProposal proposal, Domain.Billing.PsaKind psa) =>
        proposal.EffectiveDate ?? Settings.WriteEffectiveDate(psa, clock.GetUtcNow());

    /// <summary>
    /// What a pass would write now (customer, line, from, to, reason), appending nothing and sending no write. With
    /// <paramref name="readPsa"/> each line is read, so a manual edit shows as a stop.
    /// </summary>
    public async Task<IReadOnlyList<PlannedWrite>> PlanAsync(string tenant, bool readPsa, CancellationToken cancellationToken)
    {
        var tenantState = await ledger.LoadTenantAsync(tenant, cancellationToken);
        var planned = new List<PlannedWrite>();
        foreach (var customerKey in await index.CustomersAsync(tenant, cancellationToken))
        {
            var view = await ledger.LoadCustomerAsync(tenant, customerKey, cancellationToken);
            if (view.State.Account is not { } account)
            {
                continue;
            }

            var connector = readPsa ? await connectors.GetAsync(tenant, account.PsaKind, cancellationToken) : null;
            foreach (var proposal in view.State.Proposals.Values.Where(p => p.Status is ProposalStatus.Approved or ProposalStatus.Pending).OrderBy(p => p.ProposalId))
            {
                if (Reason(tenantState, view.State, proposal) is not { } reason)
                {
                    continue;
                }

                planned.Add(await PlanAsync(customerKey, account.PsaKind, connector, proposal, reason, cancellationToken));
            }
        }

        return planned;
    }

    private string? Reason(TenantState tenantState, CustomerState state, QuantityProposal proposal)
    {
        if (proposal.Status == ProposalStatus.Approved)
        {
            return AttemptsUsedUp(state, proposal.ProposalId)
                ? $"approved by {proposal.ApprovedBy}, but {Settings.MaxWriteAttemptsPerProposal} writes failed: left to a person"
                : $"approved by {proposal.ApprovedBy}";
        }

        var rule = tenantState.AutoApprovals.GetValueOrDefault(proposal.Line);
        return rule is not null && rule.Allows(proposal.From, proposal.To)
            ? $"auto-approval policy: a change of at most {rule.MaxAbsoluteChange} units and {rule.MaxPercentChange} %"
            : null;
    }

    private async Task<PlannedWrite> PlanAsync(
        string customerKey,
        Domain.Billing.PsaKind psa,
        IPsaConnector? connector,
        QuantityProposal proposal,
        string reason,
        CancellationToken cancellationToken)
    {
        var wouldWrite = !reason.EndsWith("left to a person", StringComparison.Ordinal);
        decimal? current = null;
        if (connector is not null && wouldWrite)
        {
            try
            {
                current = (await connector.ReadLineAsync(proposal.PsaLineId, EffectiveDate(proposal, psa), cancellationToken)).Quantity;
                if (current != proposal.From && current != proposal.To)
                {
                    (wouldWrite, reason) = (false, $"would stop: the PSA shows {current}, not {proposal.From} (edited by hand); a conflict would be recorded");
                }
            }
            catch (PsaException exception)
            {
                reason += $" (the line could not be read now: {exception.Message})";
            }
        }

        return new PlannedWrite(customerKey, proposal.ProposalId, proposal.Line, proposal.PsaLineId, proposal.From, proposal.To, wouldWrite, reason, current);
    }
}
