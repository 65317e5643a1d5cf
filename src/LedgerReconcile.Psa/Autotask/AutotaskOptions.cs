namespace LedgerReconcile.Psa.Autotask;

public sealed class AutotaskOptions : PsaConnectionOptions
{
    /// <summary>Where the zone lookup lives; the API base comes from its answer.</summary>
    public Uri ZoneLookupAddress { get; set; } = new("https://webservices.autotask.net/atservicesrest/");

    /// <summary>The API-only user's email (header <c>UserName</c>, and the zone lookup's <c>user</c>).</summary>
    public string UserName { get; set; } = "";

    public string Secret { get; set; } = "";

    /// <summary>The API tracking identifier (header <c>ApiIntegrationCode</c>).</summary>
    public string ApiIntegrationCode { get; set; } = "";

    /// <summary>MaxRecords per query page; Autotask allows at most 500.</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>Autotask allows 3 concurrent requests per tracking identifier and object endpoint.</summary>
    public int MaxConcurrentRequestsPerEndpoint { get; set; } = 3;

    /// <summary>Requests per rolling hour; Autotask allows 10,000 per database, shared by every integration using it.</summary>
    public int HourlyRequestBudget { get; set; } = 10_000;
}
