using LedgerReconcile.Application;
using System.Collections.Concurrent;
using LedgerReconcile.Application.Customers;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Integrations.WriteBack;

/// <summary>
/// Sends approved quantity changes to the PSA exactly once. The ledger is the only memory: a write is recorded as
/// requested before it is sent and as confirmed or failed after; a write id is sent at most once; a requested write
/// without an outcome (a crash, a timeout) is only ever resolved by reading the line. A line that no longer shows the
/// proposal's starting quantity is never written: a conflict is recorded for a person.
/// </summary>
public sealed class PsaWriteDispatcher(
    WriteBackIndex index,
    WriteBackLedger ledger,
    WriteBackPlanner planner,
    AutoApprover autoApprover,
    WriteOutcomeRecorder outcomes,
    LineAdditionDispatcher lineAdditions,
    IPsaConnectorSource connectors,
    IOptions<LedgerIntegrationOptions> options,
    ILogger<PsaWriteDispatcher> logger)
{
    private static readonly string RequestedName = EventRegistry.StoredNameOf(typeof(PsaWriteRequested));
    private static readonly string ConflictName = EventRegistry.StoredNameOf(typeof(PsaWriteConflictDetected));

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _tenantGates = new(StringComparer.Ordinal);

    private LedgerIntegrationOptions Settings => options.Value;

    /// <summary>Every tenant the ledger shows write-back work for (used by the hosted service).</summary>
    public Task<IReadOnlyList<string>> TenantsWithWorkAsync(CancellationToken cancellationToken = default) => index.TenantsAsync(cancellationToken);

    /// <summary>
    /// One pass over the tenant: resolve writes left without an outcome, auto-approve what the tenant's rules cover,
    /// write every approved change. Passes of one tenant never overlap in this process.
    /// </summary>
    public async Task<WriteBackReport> DispatchPendingWritesAsync(string tenant, CancellationToken cancellationToken = default)
    {
        var gate = _tenantGates.GetOrAdd(tenant, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var steps = new List<WriteBackStep>();
            var mayAutoApprove = (await ledger.LoadTenantAsync(tenant, cancellationToken)).AutoApprovals.Count > 0;
            foreach (var customerKey in await index.CustomersAsync(tenant, cancellationToken))
            {
                await DispatchCustomerAsync(tenant, customerKey, mayAutoApprove, steps, cancellationToken);
            }

            return new WriteBackReport(tenant, steps);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// What a pass would write now (customer, line, from, to, reason), appending nothing and sending no write. With
    /// <paramref name="readPsa"/> each line is read, so a manual edit shows as a stop.
    /// </summary>
    public Task<IReadOnlyList<PlannedWrite>> DryRunAsync(string tenant, bool readPsa = true, CancellationToken cancellationToken = default) =>
        planner.PlanAsync(tenant, readPsa, cancellationToken);

    private async Task DispatchCustomerAsync(string tenant, string customerKey, bool mayAutoApprove, List<WriteBackStep> steps, CancellationToken cancellationToken)
    {
        var view = await ledger.LoadCustomerAsync(tenant, customerKey, cancellationToken);
        if (view.State.Account is not { } account)
        {
            index.Settled(tenant, customerKey, view.Position);
            return;
        }

        var connector = await connectors.GetAsync(tenant, account.PsaKind, cancellationToken);
        if (connector is null)
        {
            logger.LogWarning("No {Psa} connection for tenant {Tenant}; writes of {Customer} wait.", account.PsaKind, tenant, customerKey);
            return;
        }

        var context = new WriteBackContext(tenant, customerKey, account.PsaKind, connector, steps);
        foreach (var write in view.State.Writes.Values.Where(w => w.Status == PsaWriteStatus.Requested))
        {
            await outcomes.ResolveAsync(context, write, view.Requests[write.WriteId], cancellationToken);
        }

        if (mayAutoApprove)
        {
            await autoApprover.ApproveCoveredAsync(tenant, customerKey, view.State, steps, cancellationToken);
        }

        view = await ledger.LoadCustomerAsync(tenant, customerKey, cancellationToken);
        foreach (var proposal in view.State.Proposals.Values.Where(p => p.Status == ProposalStatus.Approved))
        {
            if (planner.AttemptsUsedUp(view.State, proposal.ProposalId))
            {
                context.Add(proposal, null, WriteBackAction.Skipped, $"{Settings.MaxWriteAttemptsPerProposal} writes failed; left to a person");
                continue;
            }

            await WriteAsync(context, proposal, cancellationToken);
        }

        await lineAdditions.DispatchAsync(context, cancellationToken);

        view = await ledger.LoadCustomerAsync(tenant, customerKey, cancellationToken);
        var open = view.State.Proposals.Values.Any(p => p.Status is ProposalStatus.Pending or ProposalStatus.Approved or ProposalStatus.WriteRequested)
            || view.State.LineAdditions.Values.Any(a => a.IsOpen);
        if (!open)
        {
            index.Settled(tenant, customerKey, view.Position);
        }
    }

    private async Task WriteAsync(WriteBackContext context, QuantityProposal proposal, CancellationToken cancellationToken)
    {
        var effective = planner.EffectiveDate(proposal, context.Psa);
        PsaLine line;
        try
        {
            line = await context.Connector.ReadLineAsync(proposal.PsaLineId, effective, cancellationToken);
        }
        catch (PsaException exception)
        {
            context.Add(proposal, null, WriteBackAction.Skipped, $"the line could not be read before writing: {exception.Message}");
            return;
        }

        var writeId = Guid.CreateVersion7();
        var requested = await ledger.SendAsync(
            new RequestPsaWrite(new CommandContext(context.Tenant, Settings.WriteBackActor, WriteBackLedger.Correlation(proposal.ProposalId), writeId), context.CustomerKey, proposal.ProposalId, line.Quantity, line.ObservedAt, effective),
            cancellationToken);
        if (requested.Appended.Contains(ConflictName))
        {
            context.Add(proposal, null, WriteBackAction.ConflictRecorded, $"the PSA shows {line.Quantity}, not {proposal.From}: edited by hand; nothing sent");
            return;
        }

        if (!requested.Appended.Contains(RequestedName))
        {
            return;
        }

        var request = (await ledger.LoadCustomerAsync(context.Tenant, context.CustomerKey, cancellationToken)).Requests[writeId];
        // From here on the write may reach the PSA: cancellation leaves it requested, to be resolved by reading.
        var outcome = await context.Connector.SetQuantityAsync(new QuantityChange(request.PsaLineId, request.From, request.To, request.IdempotencyKey, effective), cancellationToken);
        await outcomes.RecordAsync(context, request, outcome, cancellationToken);
    }
}
