namespace LedgerReconcile.Simulators.Psa;

/// <summary>A fault a simulator serves instead of (or after) handling one request.</summary>
public abstract record SimulatedFault
{
    /// <summary>429 before any processing, with or without a Retry-After header (whole seconds).</summary>
    public sealed record TooManyRequests(int? RetryAfterSeconds = null) : SimulatedFault;

    /// <summary>A 5xx answer. With <paramref name="AfterApply"/> a write is applied first (the PSA failed while answering).</summary>
    public sealed record ServerError(int StatusCode = 500, bool AfterApply = false) : SimulatedFault;

    /// <summary>
    /// No answer for <paramref name="Delay"/> (longer than the client's timeout). A write is applied first unless
    /// <paramref name="AfterApply"/> is false, in which case it is never applied.
    /// </summary>
    public sealed record Hang(TimeSpan Delay, bool AfterApply = true) : SimulatedFault;

    /// <summary>The connection is aborted without an answer. A write is applied first unless <paramref name="AfterApply"/> is false.</summary>
    public sealed record DropConnection(bool AfterApply = true) : SimulatedFault;

    /// <summary>
    /// Answers with a literal body (anything a test names: truncated JSON, wrong types, deep nesting) and status.
    /// A read fault waits for the first read whose path and query contain <paramref name="PathContains"/>; a write
    /// fault is applied first only with <paramref name="AfterApply"/>.
    /// </summary>
    public sealed record Respond(string Body, int StatusCode = 200, string? PathContains = null, bool AfterApply = false) : SimulatedFault;
}

/// <summary>Queues of faults for the next read requests and the next write requests, served in order.</summary>
public sealed class FaultInjector
{
    private readonly Queue<SimulatedFault> _reads = new();
    private readonly Queue<SimulatedFault> _writes = new();

    public void OnNextReads(params SimulatedFault[] faults)
    {
        lock (_reads)
            foreach (var fault in faults)
                _reads.Enqueue(fault);
    }

    public void OnNextWrites(params SimulatedFault[] faults)
    {
        lock (_writes)
            foreach (var fault in faults)
                _writes.Enqueue(fault);
    }

    internal SimulatedFault? TakeRead(string pathAndQuery)
    {
        lock (_reads)
        {
            if (_reads.TryPeek(out var next) && next is SimulatedFault.Respond { PathContains: { } part }
                && !pathAndQuery.Contains(part, StringComparison.OrdinalIgnoreCase))
                return null;
            return _reads.TryDequeue(out var fault) ? fault : null;
        }
    }

    internal SimulatedFault? TakeWrite()
    {
        lock (_writes)
            return _writes.TryDequeue(out var fault) ? fault : null;
    }
}

public sealed record SimulatedRequest(string Method, string PathAndQuery, DateTimeOffset ReceivedAt, int StatusCode, bool IsWrite);
