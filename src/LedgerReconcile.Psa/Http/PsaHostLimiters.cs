using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace LedgerReconcile.Psa.Http;

/// <summary>
/// One request limiter per PSA host for the whole process. Every tenant's connector lives in its own small container
/// (its own credentials and HTTP client), but a PSA counts requests per host, per IP or per database, not per
/// container: two tenants on one PSA host must draw from one budget. The adapters' registrations take
/// <see cref="Shared"/> unless the host registered its own instance first.
/// </summary>
public sealed class PsaHostLimiters : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<RateLimiter>> _limiters = new(StringComparer.OrdinalIgnoreCase);

    public static PsaHostLimiters Shared { get; } = new();

    /// <summary>How many distinct limiters (PSA host × budget) exist: what a test or a health page can look at.</summary>
    public int Count => _limiters.Count;

    /// <summary>
    /// The limiter for <paramref name="key"/> (the PSA, its host and the budget's parameters, so a connector configured
    /// with other limits does not silently inherit the first one's), created on first use.
    /// </summary>
    internal RateLimiter For(string key, Func<RateLimiter> create) =>
        _limiters.GetOrAdd(key, _ => new Lazy<RateLimiter>(create)).Value;

    internal static string HostOf(Uri? uri) => uri is null ? "" : $"{uri.Scheme}://{uri.Authority}".ToLowerInvariant();

    /// <summary>A sliding window that never lets more than <paramref name="limit"/> requests into any real window of
    /// <paramref name="window"/>; requests beyond it wait their turn instead of drawing 429s.</summary>
    internal static RateLimiter SlidingWindow(int limit, TimeSpan window)
    {
        // A sliding window only counts whole segments, so a real window that straddles segment edges could see more
        // than the limit. Counting over one extra segment covers every real window of the configured length.
        const int segments = 12;
        return new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = window + window / segments,
            SegmentsPerWindow = segments + 1,
            QueueLimit = 100_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    internal static RateLimiter Concurrency(int permits) => new ConcurrencyLimiter(new ConcurrencyLimiterOptions
    {
        PermitLimit = permits,
        QueueLimit = 100_000,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values.Where(l => l.IsValueCreated))
            limiter.Value.Dispose();
        _limiters.Clear();
    }
}
