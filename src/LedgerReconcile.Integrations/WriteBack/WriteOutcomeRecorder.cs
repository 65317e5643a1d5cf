using LedgerReconcile.Application;
using LedgerReconcile.Application.Customers;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Integrations.WriteBack;

/// <summary>
/// Turns what the PSA answered to a write, or what re-reading the line shows about a write left without an outcome,
/// into the ledger's facts: confirmed, failed, or stopped for a person.
/// </summary>
public sealed class WriteOutcomeRecorder(
    WriteBackLedger ledger,
    TimeProvider clock,
    IOptions<LedgerIntegrationOptions> options,
    ILogger<WriteOutcomeRecorder> logger)
{
    private static readonly string ConflictName = EventRegistry.StoredNameOf(typeof(PsaWriteConflictDetected));

    private LedgerIntegrationOptions Settings => options.Value;

    public async Task RecordAsync(WriteBackContext context, PsaWriteRequested request, QuantityWriteOutcome outcome, CancellationToken cancellationToken)
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

    public async Task ResolveAsync(WriteBackContext context, PsaWrite write, PsaWriteRequested request, CancellationToken cancellationToken)
    {
        UnknownOutcomeResolution resolution;
        try
        {
            var effective = request.EffectiveDate ?? Settings.WriteEffectiveDate(context.Psa, clock.GetUtcNow());
            resolution = await context.Connector.ResolveUnknownOutcomeAsync(write.PsaLineId, write.From, write.To, effective, cancellationToken);
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
    private async Task StopForPersonAsync(WriteBackContext context, PsaWriteRequested request, decimal observed, string reason, CancellationToken cancellationToken)
    {
        await ledger.SendAsync(new RecordPsaWriteFailure(new CommandContext(context.Tenant, Settings.WriteBackActor, WriteBackLedger.Correlation(request.ProposalId), Guid.CreateVersion7()), context.CustomerKey, request.WriteId, reason), cancellationToken);
        var result = await ledger.SendAsync(
            new RequestPsaWrite(new CommandContext(context.Tenant, Settings.WriteBackActor, WriteBackLedger.Correlation(request.ProposalId), Guid.CreateVersion7()), context.CustomerKey, request.ProposalId, observed, clock.GetUtcNow(), request.EffectiveDate),
            cancellationToken);
        context.Add(request, result.Appended.Contains(ConflictName) ? WriteBackAction.ConflictRecorded : WriteBackAction.Failed, reason);
    }

    private async Task FailAsync(WriteBackContext context, PsaWriteRequested request, string reason, CancellationToken cancellationToken)
    {
        await ledger.SendAsync(new RecordPsaWriteFailure(new CommandContext(context.Tenant, Settings.WriteBackActor, WriteBackLedger.Correlation(request.ProposalId), Guid.CreateVersion7()), context.CustomerKey, request.WriteId, reason), cancellationToken);
        context.Add(request, WriteBackAction.Failed, reason);
    }

    private Task<CommandResult> ConfirmAsync(WriteBackContext context, PsaWriteRequested request, decimal quantity, CancellationToken cancellationToken) =>
        ledger.SendAsync(new ConfirmPsaWrite(new CommandContext(context.Tenant, Settings.WriteBackActor, WriteBackLedger.Correlation(request.ProposalId), Guid.CreateVersion7()), context.CustomerKey, request.WriteId, quantity, clock.GetUtcNow()), cancellationToken);
}
