namespace LedgerReconcile.Psa.Http;

/// <summary>
/// Whether a request only reads. The resilience pipeline retries reads freely but retries a write only when the PSA
/// is known not to have processed it; a request without an intent is treated as a write.
/// </summary>
internal enum PsaRequestIntent
{
    Write,
    Read,
}

internal static class PsaRequestIntentExtensions
{
    public static readonly HttpRequestOptionsKey<PsaRequestIntent> Key = new("LedgerReconcile.Psa.Intent");

    public static HttpRequestMessage AsRead(this HttpRequestMessage request)
    {
        request.Options.Set(Key, PsaRequestIntent.Read);
        return request;
    }

    public static HttpRequestMessage AsWrite(this HttpRequestMessage request)
    {
        request.Options.Set(Key, PsaRequestIntent.Write);
        return request;
    }

    public static PsaRequestIntent IntentOf(HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(Key, out var intent) ? intent : PsaRequestIntent.Write;
}
