namespace LedgerReconcile.Psa.Http;

/// <summary>Timeouts and retry settings shared by every PSA adapter. Defaults suit production; tests shorten them.</summary>
public abstract class PsaConnectionOptions
{
    /// <summary>One HTTP attempt. A write whose attempt times out is never re-sent blindly: the line is re-read.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>One logical request including its retries and back-off waits.</summary>
    public TimeSpan TotalRequestTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Retries of a read after 429, 5xx, timeouts and transport errors; of a write only after 429 or a failed connect.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>Base of the jittered exponential back-off when the PSA gives no Retry-After.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Wait after a 429 that carries no Retry-After.</summary>
    public TimeSpan RateLimitedDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Upper bound on a Retry-After the adapter will honour within one request.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Sends of one write (each preceded by a fresh read) when the PSA answers with a server fault.</summary>
    public int MaxWriteAttempts { get; set; } = 3;

    /// <summary>
    /// Whether the adapter holds itself to the PSA's published request limits (shared per PSA host, see
    /// <see cref="PsaHostLimiters"/>). Off only against a simulator whose limits are off, e.g. for a benchmark.
    /// </summary>
    public bool EnforceRequestLimits { get; set; } = true;

    /// <summary>Base of the jittered back-off between write attempts.</summary>
    public TimeSpan WriteRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);
}
