using LedgerReconcile.Application.Sync;
using LedgerReconcile.Domain.SyncRuns;
using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.Periods;

/// <summary>
/// What should be settled before a month is closed for the whole book: assets waiting for a decision, organizations
/// with usage but no mapping, proposals not yet written, writes without an outcome, write conflicts, and syncs that
/// failed last or have not completed since the month ended.
/// </summary>
public sealed class MonthEndBlockers(CustomerDirectory directory, CustomerLedger customers, TenantLedger tenants, LedgerStore store)
{
    public async Task<IReadOnlyList<CloseBlocker>> FindAsync(string tenant, ClosingMonth month, CancellationToken cancellationToken)
    {
        var policies = (await tenants.LoadAsync(tenant, cancellationToken)).State.Policies;
        var blockers = new List<CloseBlocker>();
        foreach (var customerKey in await directory.CustomersAsync(tenant, cancellationToken))
        {
            var state = (await customers.LoadAsync(tenant, customerKey, cancellationToken)).State;
            blockers.AddRange(OfCustomer(customerKey, state, policies));
        }

        var runs = (await new SyncRunLog(store).LoadAsync(tenant, cancellationToken)).State.Runs.Values;
        blockers.AddRange(OfSyncs(runs, month));
        return blockers;
    }

    private static IEnumerable<CloseBlocker> OfCustomer(
        string customerKey, CustomerState state, System.Collections.Immutable.ImmutableDictionary<CountingPolicyKind, CountingChoice> policies)
    {
        if (state.Usage is not null)
        {
            if (state.Account is null)
            {
                yield return new CloseBlocker(CloseBlockerKinds.UnmappedOrganization, customerKey, $"{state.DattoOrganizationName ?? customerKey} reports usage but is not mapped to a PSA company.");
            }

            foreach (var service in BillableQuantities.Compute(state, policies).Services.Where(s => s.NeedsDecision.Count > 0))
            {
                yield return new CloseBlocker(
                    CloseBlockerKinds.AssetsNeedDecision,
                    customerKey,
                    $"{service.NeedsDecision.Count} asset(s) of {service.Line} need a decision: " + string.Join(", ", service.NeedsDecision.Select(a => a.Name)));
            }
        }

        foreach (var blocked in state.Blocked.Values)
        {
            yield return new CloseBlocker(CloseBlockerKinds.BlockedLine, customerKey, $"{blocked.Line} is blocked: {blocked.Detail}");
        }

        foreach (var proposal in state.Proposals.Values.Where(p => state.LatestProposalByLine.GetValueOrDefault(p.PsaLineId) == p.ProposalId))
        {
            var blocker = proposal.Status switch
            {
                ProposalStatus.Pending or ProposalStatus.Approved => new CloseBlocker(
                    CloseBlockerKinds.OpenProposal, customerKey, $"{proposal.Line} on {proposal.PsaLineId}: {proposal.From} to {proposal.To} is {proposal.Status}."),
                ProposalStatus.WriteRequested => new CloseBlocker(
                    CloseBlockerKinds.WriteWithoutOutcome, customerKey, $"The write of {proposal.To} to {proposal.PsaLineId} has no outcome yet."),
                ProposalStatus.Conflicted => new CloseBlocker(
                    CloseBlockerKinds.WriteConflict, customerKey, $"{proposal.PsaLineId} changed on the PSA before {proposal.To} could be written; a person decides."),
                _ => null,
            };
            if (blocker is not null)
            {
                yield return blocker;
            }
        }

        foreach (var addition in state.LineAdditions.Values.Where(a => a.IsOpen))
        {
            yield return addition.Status == LineAdditionStatus.Requested
                ? new CloseBlocker(CloseBlockerKinds.WriteWithoutOutcome, customerKey, $"Adding {addition.Line} (product {addition.ProductId}) to the agreement has no outcome yet.")
                : new CloseBlocker(CloseBlockerKinds.OpenProposal, customerKey, $"Adding {addition.Line} at {addition.Quantity} is {addition.Status}.");
        }
    }

    // Only sources the tenant has run count: a tenant that ingests snapshots by hand has no Datto sync to wait for. The
    // write-back pushes what was approved, so its last run failing matters but the month waits for no run of it.
    private static IEnumerable<CloseBlocker> OfSyncs(IEnumerable<SyncRunSummary> runs, ClosingMonth month)
    {
        foreach (var source in runs.GroupBy(r => r.Source, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var last = source.MaxBy(r => r.StartedAt)!;
            if (last.Status == SyncRunStatus.Failed)
            {
                yield return new CloseBlocker(CloseBlockerKinds.SyncFailed, null, $"The last {source.Key} run ({last.RunId}, {last.StartedAt:u}) failed.");
            }
            else if (source.Key != WriteBackRun.Source && !source.Any(r => r.Status == SyncRunStatus.Completed && r.StartedAt > month.EndsAt))
            {
                yield return new CloseBlocker(CloseBlockerKinds.SyncStale, null, $"No {source.Key} run has completed since {month.Id} ended.");
            }
        }
    }
}
