using System.Security.Cryptography;

namespace LedgerReconcile.Psa.Writing;

/// <summary>What the shared line-addition algorithm needs from one adapter.</summary>
internal interface ILineAdditionChannel
{
    PsaKind Kind { get; }

    string? RefuseAddition(NewPsaLine line);

    Task<IReadOnlyList<PsaLine>> ListAgreementLinesAsync(string companyId, string agreementId, DateOnly asOf, CancellationToken cancellationToken);

    /// <summary>Sends the one request that creates the line, with <paramref name="marker"/> in the field the adapter keeps it in.</summary>
    Task<WriteAttempt> SendAdditionAsync(NewPsaLine line, string marker, CancellationToken cancellationToken);

    /// <summary>Finishes a line found by its marker (Autotask sets its units in a second step); the default has nothing to finish.</summary>
    /// <paramref name="evidence"/> is null when the line was there before this call sent anything.
    Task<LineAdditionOutcome> CompleteAsync(PsaLine found, NewPsaLine line, ApplyEvidence? evidence, CancellationToken cancellationToken);
}

/// <summary>
/// The one addition algorithm: read the agreement, and only if no line carries the key's marker (and no active line
/// bills the product) send one create; after any doubt, read again instead of sending again.
/// </summary>
internal sealed class LineAdditionProtocol(PsaConnectionOptions options, TimeProvider time, ILogger logger)
{
    public static string MarkerOf(string idempotencyKey) =>
        "[LR " + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..12] + "]";

    /// <summary>The text a person wrote, without the marker an addition appended to it (null when nothing is left).</summary>
    public static string? WithoutMarker(string? text)
    {
        if (text is null)
            return null;
        var marker = text.LastIndexOf("[LR ", StringComparison.Ordinal);
        var stripped = marker >= 0 && text.EndsWith(']') ? text[..marker].TrimEnd() : text;
        return stripped.Length == 0 ? null : stripped;
    }

    public async Task<LineAdditionOutcome> RunAsync(ILineAdditionChannel channel, NewPsaLine line, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["Psa"] = channel.Kind,
            ["AgreementId"] = line.AgreementId,
            ["IdempotencyKey"] = line.IdempotencyKey,
        });
        if (Refusal(channel, line) is { } refusal)
            return new LineAdditionOutcome.Refused(refusal);

        var marker = MarkerOf(line.IdempotencyKey);
        var sends = 0;
        var answered = false;
        PsaRejection? lastFault = null;
        for (var attempt = 1; ; attempt++)
        {
            IReadOnlyList<PsaLine> lines;
            try
            {
                lines = await channel.ListAgreementLinesAsync(line.CompanyId, line.AgreementId, line.EffectiveDate, cancellationToken);
            }
            catch (PsaException ex)
            {
                return NoFreshRead(ex, sends > 0);
            }

            if (lines.FirstOrDefault(l => l.AdditionMarker?.Contains(marker, StringComparison.Ordinal) == true) is { } mine)
            {
                ApplyEvidence? evidence = sends == 0 ? null : answered ? ApplyEvidence.ReadBack : ApplyEvidence.ReReadAfterLostResponse;
                return await channel.CompleteAsync(mine, line, evidence, cancellationToken);
            }
            if (sends > 0 && lastFault is null)
            {
                return new LineAdditionOutcome.OutcomeUnknown((answered
                    ? "The PSA accepted the new line but the agreement does not show it. "
                    : "The request that adds the line got no answer and the agreement does not show it yet; it may still arrive. ") +
                    "Call again later with the same key: it finds the line if it was created.");
            }
            if (lines.FirstOrDefault(l => l.ProductId == line.ProductId && l.Status == PsaLineStatus.Active) is { } existing)
                return new LineAdditionOutcome.ProductAlreadyOnAgreement(existing);
            if (attempt > options.MaxWriteAttempts)
                return new LineAdditionOutcome.TransientFailure($"{attempt - 1} attempt(s) faulted and the agreement shows no such line. Last: {lastFault?.HttpStatus} {lastFault?.Message}");
            if (attempt > 1)
                await Task.Delay(options.WriteRetryBaseDelay * Math.Pow(2, attempt - 2), time, cancellationToken);

            sends++;
            switch (await channel.SendAdditionAsync(line, marker, cancellationToken))
            {
                case WriteAttempt.Rejected rejected:
                    logger.LogWarning("PSA refused the new line: {Code} {Message}", rejected.Rejection.Code, rejected.Rejection.Message);
                    return new LineAdditionOutcome.Rejected(rejected.Rejection);
                case WriteAttempt.Faulted faulted:
                    // The PSA finished with the request: a re-read says whether it created the line, and only then may it be sent again.
                    lastFault = faulted.Details;
                    break;
                case WriteAttempt.NoResponse noResponse:
                    logger.LogWarning("Adding the line got no answer ({Reason}); reading the agreement instead of sending again", noResponse.Reason);
                    lastFault = null;
                    break;
                case WriteAttempt.Accepted:
                    (lastFault, answered) = (null, true);
                    break;
            }
        }
    }

    private static string? Refusal(ILineAdditionChannel channel, NewPsaLine line)
    {
        if (string.IsNullOrWhiteSpace(line.IdempotencyKey))
            return "A line is added only under an idempotency key.";
        if (string.IsNullOrWhiteSpace(line.ProductId))
            return "A line needs the PSA's product id.";
        if (line.Quantity < 0 || line.UnitPrice < 0)
            return $"A new line cannot have a negative quantity or price ({line.Quantity} at {line.UnitPrice}).";
        return channel.RefuseAddition(line);
    }

    private static LineAdditionOutcome NoFreshRead(PsaException ex, bool anySent)
    {
        if (anySent)
            return new LineAdditionOutcome.OutcomeUnknown($"A line was sent and the agreement could not be read again: {ex.Message}");
        return ex.Kind == PsaFailureKind.Transient
            ? new LineAdditionOutcome.TransientFailure($"Could not read the agreement before adding; nothing was sent. {ex.Message}")
            : new LineAdditionOutcome.Rejected(new PsaRejection(ex.HttpStatus, ex.Kind.ToString(),
                $"Could not read the agreement before adding; nothing was sent. {ex.Message}", []));
    }
}
