using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace LedgerReconcile.Datto.Http;

// Outer to inner: total timeout, retry, client-side rate limit (every attempt takes a token), circuit breaker,
// attempt timeout. The seats route is marked on the request and gets its own timeouts and retry budget.
internal static class DattoResilience
{
    public const string PipelineName = "datto";

    private static readonly HttpRequestOptionsKey<bool> SlowEndpointKey = new("LedgerReconcile.Datto.SlowEndpoint");

    public static void MarkSlow(HttpRequestMessage request) => request.Options.Set(SlowEndpointKey, true);

    private static bool IsSlow(ResilienceContext context) =>
        context.GetRequestMessage()?.Options.TryGetValue(SlowEndpointKey, out var slow) == true && slow;

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, DattoOptions options, TimeProvider time,
        Action<Action> onDisposed)
    {
        var seatsTotal = options.SeatsTimeout * (options.SeatsMaxRetryAttempts + 1) + options.MaxRetryDelay * options.SeatsMaxRetryAttempts;

        builder.AddTimeout(new TimeoutStrategyOptions
        {
            Name = "datto-total-timeout",
            TimeoutGenerator = args => ValueTask.FromResult(IsSlow(args.Context) ? seatsTotal : options.TotalRequestTimeout),
        });

        builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            Name = "datto-retry",
            MaxRetryAttempts = Math.Max(options.MaxRetryAttempts, options.SeatsMaxRetryAttempts),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.MaxRetryDelay,
            ShouldHandle = args => ValueTask.FromResult(
                IsTransient(args.Outcome)
                && args.AttemptNumber < (IsSlow(args.Context) ? options.SeatsMaxRetryAttempts : options.MaxRetryAttempts)),
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, time, options.MaxRetryDelay)),
        });

        if (options.RequestsPerSecond > 0)
        {
            var limiter = CreateRateLimiter(options.RequestsPerSecond);
            onDisposed(limiter.Dispose);
            builder.AddRateLimiter(limiter);
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            Name = "datto-circuit-breaker",
            FailureRatio = options.CircuitBreakerFailureRatio,
            MinimumThroughput = options.CircuitBreakerMinimumThroughput,
            SamplingDuration = options.CircuitBreakerSamplingDuration,
            BreakDuration = options.CircuitBreakerBreakDuration,
            // A 429 means "slow down", not "Datto is down": it must not open the circuit.
            ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome)),
        });

        builder.AddTimeout(new TimeoutStrategyOptions
        {
            Name = "datto-attempt-timeout",
            TimeoutGenerator = args => ValueTask.FromResult(IsSlow(args.Context) ? options.SeatsTimeout : options.AttemptTimeout),
        });
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException
        || outcome.Result?.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static bool IsFailure(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException
        || outcome.Result is { StatusCode: >= HttpStatusCode.InternalServerError };

    // Retry-After as delta-seconds or HTTP date; capped so one header cannot park the sync for an hour.
    // Null lets Polly use its jittered exponential backoff.
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time, TimeSpan cap)
    {
        var header = response?.Headers.RetryAfter;
        TimeSpan? wait = header switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow(),
            _ => null,
        };
        if (wait is null) return null;
        if (wait < TimeSpan.Zero) return TimeSpan.Zero;
        return wait > cap ? cap : wait;
    }

    private static TokenBucketRateLimiter CreateRateLimiter(double requestsPerSecond)
    {
        // Below 10/s one token per interval keeps requests evenly spaced; above it a 100 ms period avoids a timer
        // that fires faster than the OS can honour.
        var (period, tokens) = requestsPerSecond < 10
            ? (TimeSpan.FromSeconds(1 / requestsPerSecond), 1)
            : (TimeSpan.FromMilliseconds(100), (int)Math.Max(1, Math.Round(requestsPerSecond / 10)));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokens,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }
}
