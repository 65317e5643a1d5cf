namespace LedgerReconcile.Api.Tests.Corpus;

public static partial class HttpHostileRequests
{
    private const string Billable = "/api/customers/{c}/billable";
    private const string Explain = "/api/customers/{c}/explain";
    private const string History = "/api/customers/{c}/history";
    private const string ExplainRange = "from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z";

    /// <summary>Times that are not what the ledger means by a time: no offset, outside its window, or not a time.</summary>
    private static readonly (string Name, string Value)[] HostileTimes =
    [
        ("without offset", "2026-10-31T23:59:59"),
        ("date only", "2026-10-31"),
        ("year 0001", "0001-01-01T00:00:00Z"),
        ("year 9999", "9999-12-31T23:59:59Z"),
        ("year 1999", "1999-12-31T23:59:59Z"),
        ("year 2100", "2100-01-01T00:00:00Z"),
        ("garbage", "yesterday"),
        ("month 13", "2026-13-01T00:00:00Z"),
        ("unix seconds", "1730419200"),
        ("offset +25:00", "2026-10-31T23:59:59%2B25:00"),
        ("NUL inside", "2026-10-31T23:59:59Z%00"),
        ("SQL-looking", "2026-10-31'%20OR%20'1'%3D'1"),
        ("repeated", "2026-10-31T23:59:59Z&{name}=2026-10-30T23:59:59Z"),
    ];

    private static IEnumerable<HostileRequest> QueryCases()
    {
        foreach (var (name, value) in HostileTimes)
        {
            yield return Query("GetBillableState", $"asOf {name}", $"{Billable}?asOf={value.Replace("{name}", "asOf")}", "asOf");
            yield return Query("GetBillableState", $"knownAt {name}", $"{Billable}?knownAt={value.Replace("{name}", "knownAt")}", "knownAt");
            yield return Query("ExplainQuantityChange", $"from {name}", $"{Explain}?service=PerAgent&to=2026-12-01T00:00:00Z&from={value.Replace("{name}", "from")}", "from");
            yield return Query("GetAuditHistory", $"recordedFrom {name}", $"{History}?recordedFrom={value.Replace("{name}", "recordedFrom")}", "recordedFrom");
        }

        yield return Query("ExplainQuantityChange", "to without offset", $"{Explain}?service=PerAgent&from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00", "to");
        yield return Query("ExplainQuantityChange", "knownAt year 9999", $"{Explain}?service=PerAgent&{ExplainRange}&knownAt=9999-12-31T00:00:00Z", "knownAt");
        yield return Query("ExplainQuantityChange", "to before from", $"{Explain}?service=PerAgent&from=2026-12-01T00:00:00Z&to=2026-01-01T00:00:00Z", "to");
        yield return Query("ExplainQuantityChange", "from missing", $"{Explain}?service=PerAgent&to=2026-12-01T00:00:00Z", "from");
        yield return Query("ExplainQuantityChange", "from empty", $"{Explain}?service=PerAgent&from=&to=2026-12-01T00:00:00Z", "from");
        yield return Query("ExplainQuantityChange", "service missing", $"{Explain}?{ExplainRange}", "service");
        yield return Query("ExplainQuantityChange", "service empty", $"{Explain}?service=&{ExplainRange}", "service");
        yield return Query("ExplainQuantityChange", "service as number", $"{Explain}?service=3&{ExplainRange}", "service");
        yield return Query("ExplainQuantityChange", "service with trailing space", $"{Explain}?service=PerAgent%20&{ExplainRange}", "service");
        yield return Query("ExplainQuantityChange", "service with NUL", $"{Explain}?service=PerAgent%00&{ExplainRange}", "service");
        yield return Query("ExplainQuantityChange", "service repeated", $"{Explain}?service=PerAgent&service=NasShares&{ExplainRange}", "service");
        yield return Query("ExplainQuantityChange", "service combined", $"{Explain}?service=PerAgent,NasShares&{ExplainRange}", "service");
        yield return Query("ExplainQuantityChange", "service look-alike", $"{Explain}?service=%D0%A0erAgent&{ExplainRange}", "service");

        foreach (var (endpoint, path) in new[] { ("GetAuditHistory", History), ("ReadEventFeed", "/api/events"), ("ReadCustomerStream", "/api/customers/{c}/events") })
        {
            var cursor = endpoint == "ReadCustomerStream" ? "from" : "after";
            yield return Query(endpoint, $"{cursor} negative", $"{path}?{cursor}=-1", cursor);
            yield return Query(endpoint, $"{cursor} not a number", $"{path}?{cursor}=abc", cursor);
            yield return Query(endpoint, $"{cursor} beyond long", $"{path}?{cursor}=99999999999999999999", cursor);
            yield return Query(endpoint, "limit zero", $"{path}?limit=0", "limit");
            yield return Query(endpoint, "limit negative", $"{path}?limit=-5", "limit");
            yield return Query(endpoint, "limit above maximum", $"{path}?limit=100000", "limit");
            yield return Query(endpoint, "limit in exponent form", $"{path}?limit=1e3", "limit");
            yield return Query(endpoint, "limit repeated", $"{path}?limit=1&limit=2", "limit");
            yield return Query(endpoint, "limit with NUL", $"{path}?limit=5%00", "limit");
        }

        foreach (var (endpoint, path) in new[] { ("ListCustomers", "/api/customers"), ("ListDiscrepancies", "/api/discrepancies") })
        {
            yield return Query(endpoint, "offset negative", $"{path}?offset=-1", "offset");
            yield return Query(endpoint, "offset not a number", $"{path}?offset=ten", "offset");
            yield return Query(endpoint, "limit zero", $"{path}?limit=0", "limit");
            yield return Query(endpoint, "limit above maximum", $"{path}?limit=1001", "limit");
            yield return Query(endpoint, "limit beyond int", $"{path}?limit=4294967296", "limit");
        }

        yield return Query("ListDiscrepancies", "status unknown", "/api/discrepancies?status=Bogus", "status");
        yield return Query("ListDiscrepancies", "status as number", "/api/discrepancies?status=1", "status");
        yield return Query("ListDiscrepancies", "service as number", "/api/discrepancies?service=2", "service");
        yield return Query("ListDiscrepancies", "service with bidi override", "/api/discrepancies?service=%E2%80%AEPerAgent", "service");
        yield return Query("ListAttentionItems", "kind unknown", "/api/attention?kind=everything", "kind");
        yield return Query("ListAttentionItems", "kind as number", "/api/attention?kind=0", "kind");
        yield return Query("ListAttentionItems", "kind with trailing space", "/api/attention?kind=UnmappedOrganization%20", "kind");
        yield return Query("PlanWriteBack", "readPsa not a boolean", "/api/integrations/psa/write-back/plan?readPsa=maybe", "readPsa");
        yield return Query("PlanWriteBack", "readPsa as number", "/api/integrations/psa/write-back/plan?readPsa=2", "readPsa");
    }

    private static HostileRequest Query(string endpoint, string name, string pathAndQuery, string field) =>
        From("query", endpoint, name, pathAndQuery) with { Status = 400, Field = field };
}
