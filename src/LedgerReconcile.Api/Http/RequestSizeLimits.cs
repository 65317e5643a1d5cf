using Microsoft.AspNetCore.Http.Features;

namespace LedgerReconcile.Api.Http;

/// <summary>
/// How long a URL and how many and how large the headers of a request may be. The app refuses first, with a problem
/// (414, 431) that says which limit; Kestrel's own limits are set well above these (see the host's KestrelLimits) and
/// only stop what is far beyond, with a bare status, before any of the app runs (ADR 0016).
/// </summary>
public static class RequestSizeLimits
{
    public const int MaxTargetLength = 8 * 1024;
    public const int MaxHeadersLength = 32 * 1024;
    public const int MaxHeaderCount = 100;

    /// <summary>The headers the ledger reads itself, refused by its own rules rather than by the server's.</summary>
    public static readonly IReadOnlyList<string> LedgerHeaders = [LedgerRequest.IdempotencyKeyHeader, LedgerRequest.IfMatchHeader];

    public static IApplicationBuilder UseRequestSizeLimits(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value + context.Request.QueryString.Value;
            if (target.Length > MaxTargetLength)
            {
                throw new BadHttpRequestException(
                    $"The URL is {target.Length} characters; this API accepts at most {MaxTargetLength}.", StatusCodes.Status414UriTooLong);
            }

            var headers = context.Request.Headers;
            var length = headers.Sum(h => h.Key.Length + h.Value.Sum(v => v?.Length ?? 0) + 4);
            if (headers.Count > MaxHeaderCount || length > MaxHeadersLength)
            {
                throw new BadHttpRequestException(
                    $"The request has {headers.Count} headers of {length} characters; this API accepts at most {MaxHeaderCount} headers of {MaxHeadersLength} characters.",
                    StatusCodes.Status431RequestHeaderFieldsTooLarge);
            }

            return next(context);
        });
}
