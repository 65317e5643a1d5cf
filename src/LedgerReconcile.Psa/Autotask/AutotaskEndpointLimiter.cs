using System.Threading.RateLimiting;

namespace LedgerReconcile.Psa.Autotask;

/// <summary>
/// Autotask's thread limit: at most N requests in flight per object endpoint (Contracts, ContractServiceUnits, …)
/// for one tracking identifier. Requests beyond it wait their turn. The zone lookup is not thread-limited.
/// </summary>
internal sealed class AutotaskEndpointLimiter(int permitsPerEndpoint) : IDisposable
{
    public PartitionedRateLimiter<HttpRequestMessage> Limiter { get; } = PartitionedRateLimiter.Create<HttpRequestMessage, string>(request =>
    {
        var endpoint = EndpointOf(request.RequestUri);
        return endpoint is null
            ? RateLimitPartition.GetNoLimiter("")
            : RateLimitPartition.GetConcurrencyLimiter(endpoint, _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = permitsPerEndpoint,
                QueueLimit = 10_000,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
    }, StringComparer.OrdinalIgnoreCase);

    internal static string? EndpointOf(Uri? uri)
    {
        if (uri is null)
            return null;
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var version = Array.FindIndex(segments, s => s.Equals("v1.0", StringComparison.OrdinalIgnoreCase));
        if (version < 0 || version + 1 >= segments.Length)
            return null;
        var entity = segments[version + 1];
        return entity.Equals("zoneInformation", StringComparison.OrdinalIgnoreCase) ? null : entity.ToLowerInvariant();
    }

    public void Dispose() => Limiter.Dispose();
}
