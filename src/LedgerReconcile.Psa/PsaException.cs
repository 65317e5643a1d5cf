namespace LedgerReconcile.Psa;

public enum PsaFailureKind
{
    /// <summary>Timeouts, 429 and 5xx that outlasted the retries, transport errors. Worth trying later.</summary>
    Transient,
    /// <summary>Credentials or permissions (401/403). A person must fix the connection.</summary>
    Unauthorized,
    NotFound,
    /// <summary>The PSA answered in a shape the adapter does not understand, or refused the request.</summary>
    Unexpected,
}

public sealed class PsaException(PsaKind psa, PsaFailureKind kind, string message, int? httpStatus = null, Exception? inner = null)
    : Exception(message, inner)
{
    public PsaKind Psa { get; } = psa;
    public PsaFailureKind Kind { get; } = kind;
    public int? HttpStatus { get; } = httpStatus;
}
