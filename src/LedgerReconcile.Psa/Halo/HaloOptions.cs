namespace LedgerReconcile.Psa.Halo;

public sealed class HaloOptions : PsaConnectionOptions
{
    /// <summary>The resource server, e.g. <c>https://acme.halopsa.com/</c>; requests go to <c>{BaseAddress}api/...</c>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The token endpoint. Defaults to <c>{BaseAddress}auth/token</c> (self-hosted); Halo-hosted tenants use <c>{authUrl}/token</c>.</summary>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>Halo-hosted tenants pass <c>?tenant=</c> on the token request.</summary>
    public string? Tenant { get; set; }

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    public string Scope { get; set; } = "all";

    public int PageSize { get; set; } = 100;

    /// <summary>Requests allowed per <see cref="RequestLimitWindow"/>; hosted Halo allows 300 per rolling 5 minutes.</summary>
    public int RequestLimit { get; set; } = 300;

    public TimeSpan RequestLimitWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A token this close to expiry is renewed before use.</summary>
    public TimeSpan TokenRenewalMargin { get; set; } = TimeSpan.FromSeconds(60);

    // Hosted Halo allows 300 requests per rolling 5 minutes and sends no Retry-After: short waits only burn the window.
    // The total covers a few such waits, so a throttled write is not mistaken for one that got no answer.
    public HaloOptions()
    {
        RateLimitedDelay = TimeSpan.FromSeconds(60);
        TotalRequestTimeout = TimeSpan.FromMinutes(5);
    }
}
