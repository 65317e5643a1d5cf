using System.Collections.Concurrent;
using System.Globalization;
using LedgerReconcile.Application;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.WriteBack;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.Tenants;
using LedgerReconcile.EventStore;
using LedgerReconcile.Psa;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Integrations.WriteBack;

/// <summary>
/// Sends approved quantity changes to the PSA exactly once. The ledger is the only memory: a write is recorded as
/// requested before it is sent and as confirmed or failed after; a write id is sent at most once; a requested write
/// without an outcome (a crash, a timeout) is only ever resolved by reading the line. A line that no longer shows the
/// proposal's starting quantity is never written: a conflict is recorded for a person.
/// </summary>
public sealed class PsaWriteDispatcher(
    IEventStore store,
    WriteBackIndex index,
    IPsaConnectorSource connectors,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<LedgerIntegrationOptions> options,
    ILogger<PsaWriteDispatcher> logger)
{
    private static readonly string RequestedName = EventRegistry.StoredNameOf(typeof(PsaWriteRequested));
    private static readonly string ConflictName = EventRegistry.StoredNameOf(typeof(PsaWriteConflictDetected));
    private static readonly string AutoApprovedName = EventRegistry.StoredNameOf(typeof(QuantityChangeAutoApproved));

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
            var rules = (await LoadTenantAsync(tenant, cancellationToken)).AutoApprovals.Values.ToList();
            foreach (var customerKey in await index.CustomersAsync(tenant, cancellationToken))
            {
                await DispatchCustomerAsync(tenant, customerKey, rules.Count > 0, steps, cancellationToken);
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
    public async Task<IReadOnlyList<PlannedWrite>> DryRunAsync(string tenant, bool readPsa = true, CancellationToken cancellationToken = default)
    {
        var tenantState = await LoadTenantAsync(tenant, cancellationToken);
        var planned = new List<PlannedWrite>();
        foreach (var customerKey in await index.CustomersAsync(tenant, cancellationToken))
        {
            var ledger = await LoadCustomerAsync(tenant, customerKey, cancellationToken);
            if (ledger.State.Account is not { } account)
            {
                continue;
            }

            var connector = readPsa ? await connectors.GetAsync(tenant, account.PsaKind, cancellationToken) : null;
            foreach (var proposal in ledger.State.Proposals.Values.Where(p => p.Status is ProposalStatus.Approved or ProposalStatus.Pending).OrderBy(p => p.ProposalId))
            {
                var rule = tenantState.AutoApprovals.GetValueOrDefault(proposal.Line);
                string reason;
                if (proposal.Status == ProposalStatus.Approved)
                {
                    reason = FailedWrites(ledger.State, proposal.ProposalId) >= Settings.MaxWriteAttemptsPerProposal
                        ? $"approved by {proposal.ApprovedBy}, but {Settings.MaxWriteAttemptsPerProposal} writes failed: left to a person"
                        : $"approved by {proposal.ApprovedBy}";
                }
                else if (rule is not null && rule.Allows(proposal.From, proposal.To))
                {
                    reason = $"auto-approval policy: a change of at most {rule.MaxAbsoluteChange} units and {rule.MaxPercentChange} %";
                }
                else
                {
                    continue;
                }

                var wouldWrite = !reason.EndsWith("left to a person", StringComparison.Ordinal);
                decimal? current = null;
                if (connector is not null && wouldWrite)
                {
                    try
                    {
                        current = (await connector.ReadLineAsync(proposal.PsaLineId, EffectiveDate(account.PsaKind), cancellationToken)).Quantity;
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

                planned.Add(new PlannedWrite(customerKey, proposal.ProposalId, proposal.Line, proposal.PsaLineId, proposal.From, proposal.To, wouldWrite, reason, current));
            }
        }

        return planned;
    }

    private async Task DispatchCustomerAsync(string tenant, string customerKey, bool mayAutoApprove, List<WriteBackStep> steps, CancellationToken cancellationToken)
    {
        var ledger = await LoadCustomerAsync(tenant, customerKey, cancellationToken);
        if (ledger.State.Account is not { } account)
        {
            index.Settled(tenant, customerKey, ledger.Position);
            return;
        }

        var connector = await connectors.GetAsync(tenant, account.PsaKind, cancellationToken);
        if (connector is null)
        {
            logger.LogWarning("No {Psa} connection for tenant {Tenant}; writes of {Customer} wait.", account.PsaKind, tenant, customerKey);
            return;
        }

        var context = new CustomerContext(tenant, customerKey, account.PsaKind, connector, steps);
        foreach (var write in ledger.State.Writes.Values.Where(w => w.Status == PsaWriteStatus.Requested))
        {
            await ResolveAsync(context, write, ledger.Requests[write.WriteId], cancellationToken);
        }

        if (mayAutoApprove)
        {
            foreach (var proposal in ledger.State.Proposals.Values.Where(p => p.Status == ProposalStatus.Pending))
            {
                var result = await SendAsync(new AutoApproveQuantityChange(tenant, customerKey, proposal.ProposalId, Settings.WriteBackActor, Correlation(proposal.ProposalId), Guid.CreateVersion7()), cancellationToken);
                if (result.Appended.Contains(AutoApprovedName))
                {
                    steps.Add(new WriteBackStep(customerKey, proposal.ProposalId, null, proposal.PsaLineId, proposal.From, proposal.To, WriteBackAction.AutoApproved, "within the tenant's auto-approval rule"));
                }
            }
        }

        ledger = await LoadCustomerAsync(tenant, customerKey, cancellationToken);
        foreach (var proposal in ledger.State.Proposals.Values.Where(p => p.Status == ProposalStatus.Approved))
        {
            if (FailedWrites(ledger.State, proposal.ProposalId) >= Settings.MaxWriteAttemptsPerProposal)
            {
                steps.Add(new WriteBackStep(customerKey, proposal.ProposalId, null, proposal.PsaLineId, proposal.From, proposal.To, WriteBackAction.Skipped,
                    $"{Settings.MaxWriteAttemptsPerProposal} writes failed; left to a person"));
                continue;
            }

            await WriteAsync(context, proposal, cancellationToken);
        }

        ledger = await LoadCustomerAsync(tenant, customerKey, cancellationToken);
        var open = ledger.State.Proposals.Values.Any(p => p.Status is ProposalStatus.Pending or ProposalStatus.Approved or ProposalStatus.WriteRequested);
        if (!open)
        {
            index.Settled(tenant, customerKey, ledger.Position);
        }
    }

    private async Task WriteAsync(CustomerContext context, QuantityProposal proposal, CancellationToken cancellationToken)
    {
        var effective = EffectiveDate(context.Psa);
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
        var requested = await SendAsync(
            new RequestPsaWrite(context.Tenant, context.CustomerKey, proposal.ProposalId, line.Quantity, line.ObservedAt, effective, Settings.WriteBackActor, Correlation(proposal.ProposalId), writeId),
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

        var request = (await LoadCustomerAsync(context.Tenant, context.CustomerKey, cancellationToken)).Requests[writeId];
        // From here on the write may reach the PSA: cancellation leaves it requested, to be resolved by reading.
        var outcome = await context.Connector.SetQuantityAsync(new QuantityChange(request.PsaLineId, request.From, request.To, request.IdempotencyKey, effective), cancellationToken);
        await RecordOutcomeAsync(context, request, outcome, cancellationToken);
    }

    private async Task RecordOutcomeAsync(CustomerContext context, PsaWriteRequested request, QuantityWriteOutcome outcome, CancellationToken cancellationToken)
    {
        switch (outcome)
        {
            case QuantityWriteOutcome.Applied applied:
                await ConfirmAsync(context, request, applied.Quantity, cancellationToken);
                context.Add(request, WriteBackAction.Written, $"applied ({applied.Evidence})");
                break;
            case QuantityWriteOutcome.AlreadyApplied already:
                await ConfirmAsync(context, request, already.Quantity, cancellationToken);
                context.Add(request, WriteBackAction.AlreadyApplied, "the PSA already showed the target; nothing sent");
                break;
            case QuantityWriteOutcome.ManualEditDetected edit:
                await StopForPersonAsync(context, request, edit.Observed, $"The PSA line showed {edit.Observed}, neither {edit.ExpectedCurrent} nor {edit.Target}: edited by hand; not written.", cancellationToken);
                break;
            case QuantityWriteOutcome.ReadBackMismatch mismatch:
                await StopForPersonAsync(context, request, mismatch.Observed, $"The PSA accepted the write but shows {mismatch.Observed}, not {mismatch.Target}.", cancellationToken);
                break;
            case QuantityWriteOutcome.Rejected rejected:
                await FailAsync(context, request, $"The PSA rejected the write ({rejected.Rejection.HttpStatus}): {rejected.Rejection.Code} {rejected.Rejection.Message}", cancellationToken);
                break;
            case QuantityWriteOutcome.Refused refused:
                await FailAsync(context, request, $"Not sent: {refused.Reason}", cancellationToken);
                break;
            case QuantityWriteOutcome.TransientFailure transient:
                await FailAsync(context, request, $"Not applied (the PSA still shows the old quantity): {transient.Reason}", cancellationToken);
                break;
            case QuantityWriteOutcome.OutcomeUnknown unknown:
                logger.LogWarning("Write {WriteId} to {Line}: outcome unknown ({Reason}); it will be resolved by reading, never re-sent.", request.WriteId, request.PsaLineId, unknown.Reason);
                context.Add(request, WriteBackAction.OutcomeUnknown, unknown.Reason);
                break;
        }
    }

    private async Task ResolveAsync(CustomerContext context, PsaWrite write, PsaWriteRequested request, CancellationToken cancellationToken)
    {
        UnknownOutcomeResolution resolution;
        try
        {
            resolution = await context.Connector.ResolveUnknownOutcomeAsync(write.PsaLineId, write.From, write.To, request.EffectiveDate ?? EffectiveDate(context.Psa), cancellationToken);
        }
        catch (PsaException exception)
        {
            context.Add(request, WriteBackAction.OutcomeUnknown, $"the line could not be read to resolve the write: {exception.Message}");
            return;
        }

        switch (resolution)
        {
            case UnknownOutcomeResolution.Applied applied:
                await ConfirmAsync(context, request, applied.Observed, cancellationToken);
                context.Add(request, WriteBackAction.ResolvedApplied, "found applied by re-reading the line; nothing sent");
                break;
            case UnknownOutcomeResolution.ManualEditDetected edit:
                await StopForPersonAsync(context, request, edit.Observed, $"While the write's outcome was unknown the line was set to {edit.Observed} by hand; not written.", cancellationToken);
                break;
            case UnknownOutcomeResolution.NotApplied when clock.GetUtcNow() - request.RequestedAt < Settings.UnknownOutcomeGrace:
                // The request may still be in flight at the PSA; concluding now could lead to a second write.
                context.Add(request, WriteBackAction.OutcomeUnknown, "the line still shows the old quantity; waiting before concluding");
                break;
            case UnknownOutcomeResolution.NotApplied notApplied:
                await FailAsync(context, request, $"Not applied: the PSA still shows {notApplied.Observed} {Settings.UnknownOutcomeGrace} after the request; a new write is requested after a fresh read.", cancellationToken);
                break;
        }
    }

    // The write failed, then a fresh request with what the PSA showed lets the ledger record the conflict for a person.
    private async Task StopForPersonAsync(CustomerContext context, PsaWriteRequested request, decimal observed, string reason, CancellationToken cancellationToken)
    {
        await SendAsync(new RecordPsaWriteFailure(context.Tenant, context.CustomerKey, request.WriteId, reason, Settings.WriteBackActor, Correlation(request.ProposalId), Guid.CreateVersion7()), cancellationToken);
        var result = await SendAsync(
            new RequestPsaWrite(context.Tenant, context.CustomerKey, request.ProposalId, observed, clock.GetUtcNow(), request.EffectiveDate, Settings.WriteBackActor, Correlation(request.ProposalId), Guid.CreateVersion7()),
            cancellationToken);
        context.Add(request, result.Appended.Contains(ConflictName) ? WriteBackAction.ConflictRecorded : WriteBackAction.Failed, reason);
    }

    private async Task FailAsync(CustomerContext context, PsaWriteRequested request, string reason, CancellationToken cancellationToken)
    {
        await SendAsync(new RecordPsaWriteFailure(context.Tenant, context.CustomerKey, request.WriteId, reason, Settings.WriteBackActor, Correlation(request.ProposalId), Guid.CreateVersion7()), cancellationToken);
        context.Add(request, WriteBackAction.Failed, reason);
    }

    private Task<CommandResult> ConfirmAsync(CustomerContext context, PsaWriteRequested request, decimal quantity, CancellationToken cancellationToken) =>
        SendAsync(new ConfirmPsaWrite(context.Tenant, context.CustomerKey, request.WriteId, quantity, clock.GetUtcNow(), Settings.WriteBackActor, Correlation(request.ProposalId), Guid.CreateVersion7()), cancellationToken);

    private DateOnly EffectiveDate(Domain.Billing.PsaKind psa) => Settings.WriteEffectiveDate(psa, clock.GetUtcNow());

    private static int FailedWrites(CustomerState state, Guid proposalId) =>
        state.Writes.Values.Count(w => w.ProposalId == proposalId && w.Status == PsaWriteStatus.Failed);

    private static string Correlation(Guid proposalId) => "write-back-" + proposalId.ToString("N", CultureInfo.InvariantCulture);

    private async Task<TenantState> LoadTenantAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<TenantLedger>().LoadAsync(tenant, cancellationToken)).State;
    }

    // The requests are kept beside the state: their effective date, time and idempotency key are not in the folded state.
    private async Task<CustomerLedgerView> LoadCustomerAsync(string tenant, string customerKey, CancellationToken cancellationToken)
    {
        var state = CustomerState.Initial;
        var requests = new Dictionary<Guid, PsaWriteRequested>();
        long position = 0;
        await foreach (var recorded in store.ReadStreamAsync(StreamNames.Customer(tenant, customerKey), ReadDirection.Forwards, StreamRevision.Start, cancellationToken: cancellationToken))
        {
            var @event = (CustomerEvent)EventSerializer.Deserialize(recorded.Type, recorded.Data);
            state = CustomerState.Evolve(state, @event);
            position = recorded.Position;
            if (@event is PsaWriteRequested request)
            {
                requests[request.WriteId] = request;
            }
        }

        return new CustomerLedgerView(state, requests, position);
    }

    private async Task<CommandResult> SendAsync(ICommand<CommandResult> command, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, cancellationToken);
    }

    private sealed record CustomerLedgerView(CustomerState State, IReadOnlyDictionary<Guid, PsaWriteRequested> Requests, long Position);

    private sealed record CustomerContext(string Tenant, string CustomerKey, Domain.Billing.PsaKind Psa, IPsaConnector Connector, List<WriteBackStep> Steps)
    {
        public void Add(QuantityProposal proposal, Guid? writeId, WriteBackAction action, string detail) =>
            Steps.Add(new WriteBackStep(CustomerKey, proposal.ProposalId, writeId, proposal.PsaLineId, proposal.From, proposal.To, action, detail));

        public void Add(PsaWriteRequested request, WriteBackAction action, string detail) =>
            Steps.Add(new WriteBackStep(CustomerKey, request.ProposalId, request.WriteId, request.PsaLineId, request.From, request.To, action, detail));
    }
}
