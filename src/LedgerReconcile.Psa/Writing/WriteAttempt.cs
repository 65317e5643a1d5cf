namespace LedgerReconcile.Psa.Writing;

/// <summary>What one send of a write produced, as the adapter understood the PSA's answer.</summary>
internal abstract record WriteAttempt
{
    /// <summary>The PSA accepted it. <paramref name="ReadBack"/> is the quantity its answer shows, if it shows one.</summary>
    public sealed record Accepted(decimal? ReadBack) : WriteAttempt;

    /// <summary>The PSA refused it for a reason that will not change by retrying.</summary>
    public sealed record Rejected(PsaRejection Rejection) : WriteAttempt;

    /// <summary>The PSA answered with a server fault: it finished with the request, and a re-read tells whether it applied.</summary>
    public sealed record Faulted(PsaRejection Details) : WriteAttempt;

    /// <summary>Sent, but no answer: the request may still be in flight.</summary>
    public sealed record NoResponse(string Reason) : WriteAttempt;
}
