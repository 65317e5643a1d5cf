using System.Text.RegularExpressions;

namespace LedgerReconcile.Psa.Syncro;

public sealed partial class SyncroOptions : PsaConnectionOptions
{
    /// <summary>The account's subdomain: requests go to <c>https://{Subdomain}.syncromsp.com/api/v1/</c>.</summary>
    public string Subdomain { get; set; } = "";

    /// <summary>Overrides the address built from <see cref="Subdomain"/> (a proxy, a simulator); must end in <c>/api/v1/</c> or equivalent.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>An API token; it carries the permissions of the user who created it.</summary>
    public string ApiToken { get; set; } = "";

    /// <summary>Requests allowed per <see cref="RequestLimitWindow"/>; Syncro allows 180 a minute per IP address.</summary>
    public int RequestLimit { get; set; } = 180;

    public TimeSpan RequestLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    // Syncro counts per minute and, by a third party's account, sends no Retry-After: four 20-second waits outlast a
    // whole window, so a write throttled by another client on the same IP still goes through within one request.
    public SyncroOptions() => RateLimitedDelay = TimeSpan.FromSeconds(20);

    internal Uri ApiBase()
    {
        var address = BaseAddress ?? new Uri($"https://{Subdomain}.syncromsp.com/api/v1/");
        return address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
    }

    // The subdomain becomes part of a host name that receives the API token: nothing but a DNS label is accepted.
    internal bool HasValidAddress() => BaseAddress is not null || SubdomainLabel().IsMatch(Subdomain);

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.IgnoreCase)]
    private static partial Regex SubdomainLabel();
}
