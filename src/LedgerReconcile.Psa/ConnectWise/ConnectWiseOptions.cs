namespace LedgerReconcile.Psa.ConnectWise;

public sealed class ConnectWiseOptions : PsaConnectionOptions
{
    /// <summary>The API root ending in <c>/apis/3.0/</c>, e.g. <c>https://api-na.myconnectwise.net/v4_6_release/apis/3.0/</c>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The ConnectWise company id used to log in (the part before '+' in the Basic user name).</summary>
    public string CompanyId { get; set; } = "";

    public string PublicKey { get; set; } = "";

    public string PrivateKey { get; set; } = "";

    /// <summary>The integrator's clientId GUID, required on every call since 2019.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>Records per page; ConnectWise allows at most 1000.</summary>
    public int PageSize { get; set; } = 1000;

    public ConnectWiseOptions() => RateLimitedDelay = TimeSpan.FromSeconds(5);
}
