namespace LedgerReconcile.Psa.Writing;

/// <summary>
/// The one write algorithm every adapter runs: read fresh, decide from what the PSA shows, send at most once per
/// fresh read, and after any doubt read again instead of sending again.
/// </summary>
internal sealed class QuantityWriteProtocol(PsaConnectionOptions options, TimeProvider time, ILogger logger)
{
    public async Task<QuantityWriteOutcome> RunAsync<TSnapshot>(
        IQuantityWriteChannel<TSnapshot> channel, QuantityChange change, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["Psa"] = channel.Kind,
            ["LineRef"] = change.LineRef,
            ["IdempotencyKey"] = change.IdempotencyKey,
        });

        if (channel.RefuseBeforeReading(change) is { } refusal)
            return new QuantityWriteOutcome.Refused(change.LineRef, refusal);

        var unansweredSends = 0;
        var faults = new List<PsaRejection>();
        for (var attempt = 1; ; attempt++)
        {
            TSnapshot snapshot;
            try
            {
                snapshot = await channel.ReadFreshAsync(change, cancellationToken);
            }
            catch (PsaException ex)
            {
                return NoFreshRead(change, ex, anySent: unansweredSends + faults.Count > 0);
            }

            var line = channel.LineOf(snapshot);
            var observed = line.Quantity;
            if (observed == change.NewQuantity)
            {
                if (unansweredSends + faults.Count == 0)
                    return new QuantityWriteOutcome.AlreadyApplied(change.LineRef, observed);
                logger.LogInformation("A re-read shows {Quantity} after a write whose answer was lost or faulted; not sending again", observed);
                return new QuantityWriteOutcome.Applied(change.LineRef, observed, ApplyEvidence.ReReadAfterLostResponse);
            }
            if (observed != change.ExpectedCurrent)
            {
                logger.LogWarning("Line shows {Observed}, expected {Expected} or {Target}: a person changed it; not writing",
                    observed, change.ExpectedCurrent, change.NewQuantity);
                return new QuantityWriteOutcome.ManualEditDetected(change.LineRef, change.ExpectedCurrent, change.NewQuantity, observed);
            }
            if (!line.IsWritable)
                return new QuantityWriteOutcome.Refused(change.LineRef, line.ReadOnlyReason!);

            if (unansweredSends > 0 && !channel.WriteIsAbsolute)
            {
                return new QuantityWriteOutcome.OutcomeUnknown(change.LineRef,
                    $"A write got no answer and the line still shows {observed}; the request may still be applied late. " +
                    "It is a delta, so it is not re-sent: resolve later by reading the line.");
            }
            if (attempt > options.MaxWriteAttempts)
                return GiveUp(channel, change, faults, unansweredSends, observed);
            if (attempt > 1)
                await Task.Delay(Backoff(attempt), time, cancellationToken);

            var result = await channel.SendAsync(snapshot, change, cancellationToken);
            switch (result)
            {
                case WriteAttempt.Accepted accepted:
                    return await VerifyAsync(channel, change, accepted.ReadBack, cancellationToken);
                case WriteAttempt.Rejected rejected:
                    logger.LogWarning("PSA rejected the write: {Code} {Message}", rejected.Rejection.Code, rejected.Rejection.Message);
                    return new QuantityWriteOutcome.Rejected(change.LineRef, rejected.Rejection);
                case WriteAttempt.Faulted faulted:
                    logger.LogWarning("PSA answered the write with a fault ({Status}); re-reading before anything else", faulted.Details.HttpStatus);
                    faults.Add(faulted.Details);
                    break;
                case WriteAttempt.NoResponse noResponse:
                    logger.LogWarning("The write got no answer ({Reason}); re-reading to learn whether it took effect", noResponse.Reason);
                    unansweredSends++;
                    break;
            }
        }
    }

    private async Task<QuantityWriteOutcome> VerifyAsync<TSnapshot>(
        IQuantityWriteChannel<TSnapshot> channel, QuantityChange change, decimal? readBack, CancellationToken cancellationToken)
    {
        if (readBack is null)
        {
            try
            {
                readBack = channel.LineOf(await channel.ReadFreshAsync(change, cancellationToken)).Quantity;
            }
            catch (PsaException ex)
            {
                logger.LogWarning(ex, "The PSA acknowledged the write but the verifying read failed");
                return new QuantityWriteOutcome.Applied(change.LineRef, change.NewQuantity, ApplyEvidence.AcknowledgedOnly);
            }
        }
        if (readBack == change.NewQuantity)
            return new QuantityWriteOutcome.Applied(change.LineRef, readBack.Value, ApplyEvidence.ReadBack);
        logger.LogWarning("The PSA accepted {Target} but shows {Observed}", change.NewQuantity, readBack);
        return new QuantityWriteOutcome.ReadBackMismatch(change.LineRef, change.NewQuantity, readBack.Value);
    }

    private static QuantityWriteOutcome NoFreshRead(QuantityChange change, PsaException ex, bool anySent)
    {
        if (anySent)
        {
            return new QuantityWriteOutcome.OutcomeUnknown(change.LineRef,
                $"A write was sent without a clear answer and the line could not be re-read: {ex.Message}");
        }
        return ex.Kind == PsaFailureKind.Transient
            ? new QuantityWriteOutcome.TransientFailure(change.LineRef, $"Could not read the line before writing; nothing was sent. {ex.Message}")
            : new QuantityWriteOutcome.Rejected(change.LineRef,
                new PsaRejection(ex.HttpStatus, ex.Kind.ToString(), $"Could not read the line before writing; nothing was sent. {ex.Message}", []));
    }

    private static QuantityWriteOutcome GiveUp<TSnapshot>(
        IQuantityWriteChannel<TSnapshot> channel, QuantityChange change, List<PsaRejection> faults, int unansweredSends, decimal observed)
    {
        if (unansweredSends > 0)
        {
            return new QuantityWriteOutcome.OutcomeUnknown(change.LineRef,
                $"{unansweredSends} write(s) got no answer and the line still shows {observed}; one may still be applied late.");
        }
        if (channel.ServerFaultsMayBeRejections && faults.Count > 0 && faults.All(f => SameErrors(f, faults[0])) && faults[0].Errors.Count > 0)
            return new QuantityWriteOutcome.Rejected(change.LineRef, faults[0]);
        var last = faults.LastOrDefault();
        return new QuantityWriteOutcome.TransientFailure(change.LineRef,
            $"{faults.Count} write attempt(s) faulted and the line still shows {observed}. Last: {last?.HttpStatus} {last?.Message}");
    }

    private static bool SameErrors(PsaRejection a, PsaRejection b) =>
        a.Errors.Select(e => e.Message).SequenceEqual(b.Errors.Select(e => e.Message));

    private TimeSpan Backoff(int attempt)
    {
        var exponential = options.WriteRetryBaseDelay * Math.Pow(2, attempt - 2);
        return exponential * (0.8 + Random.Shared.NextDouble() * 0.4);
    }
}
