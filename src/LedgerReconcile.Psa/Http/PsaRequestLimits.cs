using System.Threading.RateLimiting;
using LedgerReconcile.Psa.Autotask;
using LedgerReconcile.Psa.Halo;
using LedgerReconcile.Psa.Syncro;

namespace LedgerReconcile.Psa.Http;

/// <summary>Each PSA's published limits, as request limiters drawn from the process-wide <see cref="PsaHostLimiters"/>.</summary>
internal static class PsaRequestLimits
{
    /// <summary>
    /// Autotask: at most N requests in flight per object endpoint for one tracking identifier on one zone host, and
    /// the hourly budget per database (known to the adapter by its API user). The zone lookup is not limited.
    /// </summary>
    public static PartitionedRateLimiter<HttpRequestMessage> Autotask(PsaHostLimiters limiters, AutotaskOptions options) =>
        new HostRequestLimiter(request =>
        {
            if (!options.EnforceRequestLimits || AutotaskEndpointOf(request.RequestUri) is not { } endpoint)
                return [];
            var host = PsaHostLimiters.HostOf(request.RequestUri);
            var code = HeaderOf(request, "ApiIntegrationCode");
            var user = HeaderOf(request, "UserName");
            return
            [
                limiters.For($"autotask|hour|{host}|{user}|{options.HourlyRequestBudget}",
                    () => PsaHostLimiters.SlidingWindow(options.HourlyRequestBudget, TimeSpan.FromHours(1))),
                limiters.For($"autotask|threads|{host}|{code}|{endpoint}|{options.MaxConcurrentRequestsPerEndpoint}",
                    () => PsaHostLimiters.Concurrency(options.MaxConcurrentRequestsPerEndpoint)),
            ];
        });

    /// <summary>Hosted Halo: 300 requests per rolling 5 minutes per instance.</summary>
    public static PartitionedRateLimiter<HttpRequestMessage> Halo(PsaHostLimiters limiters, HaloOptions options) =>
        Windowed(limiters, "halo", options.EnforceRequestLimits, options.RequestLimit, options.RequestLimitWindow);

    /// <summary>Syncro: 180 requests a minute per IP, so per host for everything this process sends there.</summary>
    public static PartitionedRateLimiter<HttpRequestMessage> Syncro(PsaHostLimiters limiters, SyncroOptions options) =>
        Windowed(limiters, "syncro", options.EnforceRequestLimits, options.RequestLimit, options.RequestLimitWindow);

    private static HostRequestLimiter Windowed(PsaHostLimiters limiters, string psa, bool enforce, int limit, TimeSpan window) =>
        new(request => enforce
            ? [limiters.For($"{psa}|{PsaHostLimiters.HostOf(request.RequestUri)}|{limit}|{window.Ticks}", () => PsaHostLimiters.SlidingWindow(limit, window))]
            : []);

    internal static string? AutotaskEndpointOf(Uri? uri)
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

    private static string HeaderOf(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
