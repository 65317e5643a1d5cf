using System.Threading.RateLimiting;

namespace LedgerReconcile.Psa.Syncro;

/// <summary>
/// Keeps the adapter under Syncro's per-IP request limit; requests beyond it wait their turn instead of drawing 429s.
/// </summary>
internal sealed class SyncroRequestLimiter : IDisposable
{
    private const int Segments = 12;

    public SyncroRequestLimiter(int limit, TimeSpan window)
    {
        // A sliding window only counts whole segments, so a real window that straddles segment edges could see more
        // than the limit. Counting over one extra segment covers every real window of the configured length.
        var segment = window / Segments;
        Limiter = PartitionedRateLimiter.Create<HttpRequestMessage, string>(_ => RateLimitPartition.GetSlidingWindowLimiter("syncro", _ =>
            new SlidingWindowRateLimiterOptions
            {
                PermitLimit = limit,
                Window = window + segment,
                SegmentsPerWindow = Segments + 1,
                QueueLimit = 10_000,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }));
    }

    public PartitionedRateLimiter<HttpRequestMessage> Limiter { get; }

    public void Dispose() => Limiter.Dispose();
}
