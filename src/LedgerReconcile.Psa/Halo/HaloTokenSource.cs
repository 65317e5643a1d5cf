using System.Net.Http.Headers;

namespace LedgerReconcile.Psa.Halo;

/// <summary>OAuth2 client-credentials token, renewed shortly before expiry and whenever Halo answers 401.</summary>
internal sealed class HaloTokenSource(IHttpClientFactory httpClientFactory, IOptions<HaloOptions> options, TimeProvider time)
{
    public const string HttpClientName = "LedgerReconcile.Psa.Halo.Auth";

    private readonly SemaphoreSlim _lock = new(1, 1);
    private (string Token, DateTimeOffset ExpiresAt)? _current;

    public async Task<string> GetTokenAsync(string? rejectedToken, CancellationToken cancellationToken)
    {
        if (Usable(rejectedToken) is { } token)
            return token;
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (Usable(rejectedToken) is { } renewedMeanwhile)
                return renewedMeanwhile;
            _current = await RequestTokenAsync(cancellationToken);
            return _current.Value.Token;
        }
        finally
        {
            _lock.Release();
        }
    }

    private string? Usable(string? rejectedToken) =>
        _current is { } current && current.Token != rejectedToken && current.ExpiresAt - options.Value.TokenRenewalMargin > time.GetUtcNow()
            ? current.Token
            : null;

    private async Task<(string, DateTimeOffset)> RequestTokenAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var endpoint = o.TokenEndpoint ?? new Uri(o.BaseAddress ?? throw new InvalidOperationException("HaloOptions.BaseAddress is required."), "auth/token");
        if (!string.IsNullOrEmpty(o.Tenant))
            endpoint = new UriBuilder(endpoint) { Query = $"tenant={Uri.EscapeDataString(o.Tenant)}" }.Uri;
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = o.ClientId,
                ["client_secret"] = o.ClientSecret,
                ["scope"] = o.Scope,
            }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        // A token request changes nothing billable, so it is retried like a read.
        var response = await PsaHttp.ReadAsync(httpClientFactory.CreateClient(HttpClientName), request, PsaKind.HaloPsa, cancellationToken);
        var token = response.Body.Prop("access_token").String();
        if (string.IsNullOrEmpty(token))
            throw new PsaException(PsaKind.HaloPsa, PsaFailureKind.Unauthorized, "Halo's token endpoint returned no access_token.");
        var lifetime = TimeSpan.FromSeconds((double)(response.Body.Prop("expires_in").Decimal() ?? 3600m));
        return (token, time.GetUtcNow() + lifetime);
    }
}

/// <summary>Attaches the bearer token; on 401 renews it once and re-sends (a 401 means Halo processed nothing).</summary>
internal sealed class HaloBearerHandler(HaloTokenSource tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await tokens.GetTokenAsync(null, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != System.Net.HttpStatusCode.Unauthorized)
            return response;
        response.Dispose();
        var renewed = await tokens.GetTokenAsync(token, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", renewed);
        return await base.SendAsync(request, cancellationToken);
    }
}
