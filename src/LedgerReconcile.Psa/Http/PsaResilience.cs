using System.Net;
using System.Threading.RateLimiting;
using Polly;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace LedgerReconcile.Psa.Http;

internal static class PsaResilience
{
    /// <summary>
    /// Total timeout, then retries, then (optionally) a per-endpoint concurrency limit, then the attempt timeout.
    /// The limiter sits inside the retry so a request waiting for a slot does not hold one during its back-off, and
    /// outside the attempt timeout so a write queued behind others is never mistaken for a write that timed out.
    /// </summary>
    public static void Configure(
        ResiliencePipelineBuilder<HttpResponseMessage> builder,
        PsaConnectionOptions options,
        PartitionedRateLimiter<HttpRequestMessage>? endpointLimiter = null)
    {
        builder.AddTimeout(options.TotalRequestTimeout);
        builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Context, args.Outcome)),
            DelayGenerator = args => ValueTask.FromResult(RateLimitDelay(args.Outcome.Result, options)),
        });
        if (endpointLimiter is not null)
        {
            builder.AddRateLimiter(new RateLimiterStrategyOptions
            {
                RateLimiter = args => endpointLimiter.AcquireAsync(
                    args.Context.GetRequestMessage() ?? throw new InvalidOperationException("No request in the resilience context."),
                    1,
                    args.Context.CancellationToken),
            });
        }
        builder.AddTimeout(options.AttemptTimeout);
    }

    private static bool ShouldRetry(ResilienceContext context, Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests })
            return true; // throttled before processing: nothing was applied, for reads and writes alike
        if (outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
            return true; // no connection was made, so nothing was sent
        if (PsaRequestIntentExtensions.IntentOf(context.GetRequestMessage()) != PsaRequestIntent.Read)
            return false;
        return outcome switch
        {
            { Exception: HttpRequestException or TimeoutRejectedException } => true,
            { Result: { } response } => (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout,
            _ => false,
        };
    }

    private static TimeSpan? RateLimitDelay(HttpResponseMessage? response, PsaConnectionOptions options)
    {
        if (response is null)
            return null;
        if (RetryAfter(response) is { } retryAfter)
            return retryAfter > options.MaxRetryAfter ? options.MaxRetryAfter : retryAfter;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
            return options.RateLimitedDelay + TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * options.RateLimitedDelay.TotalMilliseconds * 0.2);
        return null;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }
}
