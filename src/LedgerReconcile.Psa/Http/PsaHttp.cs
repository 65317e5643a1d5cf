using System.Net;
using System.Net.Http.Headers;
using Polly.RateLimiting;
using Polly.Timeout;

namespace LedgerReconcile.Psa.Http;

internal sealed record PsaResponse(HttpStatusCode Status, JsonElement Body, string RawBody, HttpResponseHeaders Headers);

internal static class PsaHttp
{
    /// <summary>Sends a read; anything but a 2xx JSON answer (after the pipeline's retries) becomes a <see cref="PsaException"/>.</summary>
    public static async Task<PsaResponse> ReadAsync(HttpClient client, HttpRequestMessage request, PsaKind psa, CancellationToken cancellationToken)
    {
        request.AsRead();
        var response = await SendAsync(client, request, psa, cancellationToken);
        if (response is null)
            throw new PsaException(psa, PsaFailureKind.Transient, $"{request.Method} {request.RequestUri?.AbsolutePath} got no answer after retries.");
        if ((int)response.Status is >= 200 and < 300)
            return response;
        throw new PsaException(psa, FailureKindOf(response.Status),
            $"{request.Method} {request.RequestUri?.AbsolutePath} answered {(int)response.Status}: {Truncate(response.RawBody)}", (int)response.Status);
    }

    /// <summary>
    /// Sends a write once through the pipeline (which retries only what was provably not processed). Returns null
    /// when no answer came back: the caller must find out by reading, never by re-sending.
    /// </summary>
    public static async Task<PsaResponse?> WriteAsync(HttpClient client, HttpRequestMessage request, PsaKind psa, CancellationToken cancellationToken)
    {
        request.AsWrite();
        return await SendAsync(client, request, psa, cancellationToken);
    }

    private static async Task<PsaResponse?> SendAsync(HttpClient client, HttpRequestMessage request, PsaKind psa, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var raw = await response.Content.ReadAsStringAsync(cancellationToken);
            return new PsaResponse(response.StatusCode, ParseOrEmpty(raw), raw, response.Headers);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested
            && ex is HttpRequestException or TimeoutRejectedException or TaskCanceledException or IOException)
        {
            return null;
        }
        catch (RateLimiterRejectedException ex)
        {
            throw new PsaException(psa, PsaFailureKind.Transient, "The adapter's concurrency limit queue is full.", inner: ex);
        }
    }

    public static JsonElement ParseOrEmpty(string raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
            return default;
        try
        {
            using var document = JsonDocument.Parse(raw);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    public static PsaFailureKind FailureKindOf(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => PsaFailureKind.Unauthorized,
        HttpStatusCode.NotFound => PsaFailureKind.NotFound,
        HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout => PsaFailureKind.Transient,
        _ when (int)status >= 500 => PsaFailureKind.Transient,
        _ => PsaFailureKind.Unexpected,
    };

    public static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + "…";
}
