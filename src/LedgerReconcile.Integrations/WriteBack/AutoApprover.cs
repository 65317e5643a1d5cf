using LedgerReconcile.Application;
using LedgerReconcile.Application.WriteBack;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Integrations.WriteBack;

/// <summary>
/// Offers every pending proposal of a customer for auto-approval; the decider approves the ones the tenant's rules
/// cover, so the rule is applied in one place and recorded as the reason.
/// </summary>
public sealed class AutoApprover(WriteBackLedger ledger, IOptions<LedgerIntegrationOptions> options)
{
    private static readonly string AutoApprovedName = EventRegistry.StoredNameOf(typeof(QuantityChangeAutoApproved));

    public async Task ApproveCoveredAsync(string tenant, string customerKey, CustomerState state, List<WriteBackStep> steps, CancellationToken cancellationToken)
    {
        foreach (var proposal in state.Proposals.Values.Where(p => p.Status == ProposalStatus.Pending))
        {
            var result = await ledger.SendAsync(
                new AutoApproveQuantityChange(new CommandContext(tenant, options.Value.WriteBackActor, WriteBackLedger.Correlation(proposal.ProposalId), Guid.CreateVersion7()), customerKey, proposal.ProposalId),
                cancellationToken);
            if (result.Appended.Contains(AutoApprovedName))
            {
                steps.Add(new WriteBackStep(customerKey, proposal.ProposalId, null, proposal.PsaLineId, proposal.From, proposal.To, WriteBackAction.AutoApproved, "within the tenant's auto-approval rule"));
            }
        }
    }
}
