using LedgerReconcile.Application;
using LedgerReconcile.Application.Customers;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Integrations.WriteBack;

/// <summary>
/// Adds approved lines ("new revenue") to the agreement exactly once. The request, with its idempotency key derived
/// from the proposal, is recorded before anything is sent; a request without an outcome (a crash, a lost answer, a
/// transient failure) is simply sent again with the same key on the next pass, because the adapter reads the agreement
/// first and returns the line that key already created instead of adding a second one.
/// </summary>
public sealed class LineAdditionDispatcher(WriteBackLedger ledger, IOptions<LedgerIntegrationOptions> options, ILogger<LineAdditionDispatcher> logger)
{
    private static readonly string RequestedName = EventRegistry.StoredNameOf(typeof(LineAdditionRequested));

    private LedgerIntegrationOptions Settings => options.Value;

    /// <summary>Resends every addition left requested, then requests and sends every approved one.</summary>
    public async Task DispatchAsync(WriteBackContext context, CancellationToken cancellationToken)
    {
        var view = await ledger.LoadCustomerAsync(context.Tenant, context.CustomerKey, cancellationToken);
        foreach (var addition in view.State.LineAdditions.Values.Where(a => a.Status == LineAdditionStatus.Requested))
        {
            await SendAsync(context, addition, view.LineAdditionRequests[addition.WriteId!.Value], cancellationToken);
        }

        foreach (var addition in view.State.LineAdditions.Values.Where(a => a.Status == LineAdditionStatus.Approved).OrderBy(a => a.ProposalId))
        {
            await RequestAndSendAsync(context, addition, cancellationToken);
        }
    }

    private async Task RequestAndSendAsync(WriteBackContext context, LineAddition addition, CancellationToken cancellationToken)
    {
        var writeId = Guid.CreateVersion7();
        CommandResult requested;
        try
        {
            requested = await ledger.SendAsync(new RequestLineAddition(Context(context, addition.ProposalId, writeId), context.CustomerKey, addition.ProposalId), cancellationToken);
        }
        catch (RuleViolationException violation)
        {
            context.Steps.Add(new WriteBackStep(context.CustomerKey, addition.ProposalId, null, "", 0, addition.Quantity, WriteBackAction.Skipped, violation.Message));
            return;
        }

        if (requested.Appended.Contains(RequestedName))
        {
            var request = (await ledger.LoadCustomerAsync(context.Tenant, context.CustomerKey, cancellationToken)).LineAdditionRequests[writeId];
            await SendAsync(context, addition, request, cancellationToken);
        }
    }

    // From here on the line may reach the PSA: cancellation leaves the addition requested, to be sent again with its key.
    private async Task SendAsync(WriteBackContext context, LineAddition addition, LineAdditionRequested request, CancellationToken cancellationToken)
    {
        var line = new NewPsaLine(
            request.PsaCompanyId,
            request.AgreementId,
            request.ProductId,
            request.Quantity,
            request.UnitPrice,
            request.EffectiveDate,
            request.IdempotencyKey,
            $"Datto {addition.Line}");
        var outcome = await context.Connector.AddLineAsync(line, cancellationToken);
        await RecordAsync(context, request, outcome, cancellationToken);
    }

    private async Task RecordAsync(WriteBackContext context, LineAdditionRequested request, LineAdditionOutcome outcome, CancellationToken cancellationToken)
    {
        switch (outcome)
        {
            case LineAdditionOutcome.Added added:
                await AddedAsync(context, request, added.Line, existing: false, added.Evidence.ToString(), cancellationToken);
                context.Add(request, added.Line.LineRef, WriteBackAction.LineAdded, $"line {added.Line.LineRef} added with {added.Line.Quantity} ({added.Evidence})");
                break;
            case LineAdditionOutcome.AlreadyAdded already:
                await AddedAsync(context, request, already.Line, existing: false, "FoundByMarker", cancellationToken);
                context.Add(request, already.Line.LineRef, WriteBackAction.AlreadyApplied, $"line {already.Line.LineRef} was already added under this key; nothing sent");
                break;
            case LineAdditionOutcome.ProductAlreadyOnAgreement onAgreement:
                await AddedAsync(context, request, onAgreement.Line, existing: true, "ProductAlreadyOnAgreement", cancellationToken);
                context.Add(request, onAgreement.Line.LineRef, WriteBackAction.LineAlreadyOnAgreement, $"the agreement already bills product {request.ProductId} on line {onAgreement.Line.LineRef}; mapped instead, nothing sent");
                break;
            case LineAdditionOutcome.Rejected rejected:
                await FailAsync(context, request, $"The PSA rejected the line ({rejected.Rejection.HttpStatus}): {rejected.Rejection.Code} {rejected.Rejection.Message}", cancellationToken);
                break;
            case LineAdditionOutcome.Refused refused:
                await FailAsync(context, request, $"Not sent: {refused.Reason}", cancellationToken);
                break;
            case LineAdditionOutcome.TransientFailure transient:
                context.Add(request, null, WriteBackAction.Skipped, $"not added now ({transient.Reason}); sent again with the same key on the next pass");
                break;
            case LineAdditionOutcome.OutcomeUnknown unknown:
                logger.LogWarning("Line addition {WriteId}: outcome unknown ({Reason}); the next pass calls again with the same key.", request.WriteId, unknown.Reason);
                context.Add(request, null, WriteBackAction.OutcomeUnknown, $"{unknown.Reason}; the next pass calls again with the same key, which finds the line if it was added");
                break;
        }
    }

    private Task<CommandResult> AddedAsync(WriteBackContext context, LineAdditionRequested request, PsaLine line, bool existing, string evidence, CancellationToken cancellationToken) =>
        ledger.SendAsync(
            new RecordLineAdded(Context(context, request.ProposalId, Guid.CreateVersion7()), context.CustomerKey, request.WriteId, line.LineRef, line.Quantity, existing, evidence),
            cancellationToken);

    private async Task FailAsync(WriteBackContext context, LineAdditionRequested request, string reason, CancellationToken cancellationToken)
    {
        await ledger.SendAsync(new RecordLineAdditionFailure(Context(context, request.ProposalId, Guid.CreateVersion7()), context.CustomerKey, request.WriteId, reason), cancellationToken);
        context.Add(request, null, WriteBackAction.Failed, reason);
    }

    private CommandContext Context(WriteBackContext context, Guid proposalId, Guid commandId) =>
        new(context.Tenant, Settings.WriteBackActor, WriteBackLedger.Correlation(proposalId), commandId);
}
