using System.Text;
using LedgerReconcile.Api;
using LedgerReconcile.Api.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace LedgerReconcile.Host.Hosting;

/// <summary>
/// Kestrel answers a request it refuses to parse with a bare status and closes the connection; no middleware runs, so
/// no problem details. Its size limits therefore sit well above the app's (<see cref="RequestSizeLimits"/>): a URL or
/// headers that are merely too large reach the app and get a problem that says which limit; only what is far beyond
/// (or not HTTP at all, such as a NUL in the path) is Kestrel's to refuse. See ADR 0016.
/// </summary>
public static class KestrelLimits
{
    public static void Apply(KestrelServerOptions kestrel)
    {
        kestrel.Limits.MaxRequestBodySize = LedgerApi.MaxRequestBodyBytes;
        kestrel.Limits.MaxRequestLineSize = 8 * RequestSizeLimits.MaxTargetLength;
        kestrel.Limits.MaxRequestHeadersTotalSize = 2 * RequestSizeLimits.MaxHeadersLength;
        kestrel.Limits.MaxRequestHeaderCount = 2 * RequestSizeLimits.MaxHeaderCount;

        // The headers the ledger reads are decoded byte for byte, so a non-ASCII key is refused by the ledger's rule
        // (a 400 naming the header) rather than by Kestrel's (a bare 400); every other header stays ASCII only.
        kestrel.RequestHeaderEncodingSelector = name =>
            RequestSizeLimits.LedgerHeaders.Contains(name, StringComparer.OrdinalIgnoreCase) ? Encoding.Latin1 : null;
    }
}
