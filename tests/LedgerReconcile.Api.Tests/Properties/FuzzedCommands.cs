using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LedgerReconcile.Api.Endpoints;
using LedgerReconcile.Api.Tests.Infrastructure;

namespace LedgerReconcile.Api.Tests.Properties;

/// <summary>A fresh customer set up for one case, and the valid request that the case mutates.</summary>
public sealed record FuzzTarget(string? CustomerKey, string Path, JsonNode ValidBody);

/// <summary>
/// A write command under test: how a case sets up a fresh customer (so every case starts from the same state) and the
/// valid body it then mutates. Optional fields are filled in, so that mutations reach them too.
/// </summary>
/// <param name="RequestType">The API's type for the body: its nullability says which values are required.</param>
public sealed record FuzzedCommand(string Name, HttpMethod Method, Type RequestType, Func<TenantKeys, long, Task<FuzzTarget>> ArrangeAsync)
{
    public override string ToString() => Name;
}

public static class FuzzedCommands
{
    private const string AgentLine = "cw:19300:802:40101";

    public static IReadOnlyList<FuzzedCommand> All { get; } =
    [
        new("IngestSnapshot", HttpMethod.Post, typeof(SnapshotDocument), (_, organization) => Task.FromResult(new FuzzTarget(null, "/api/snapshots", Snapshot(organization)))),
        Customer<MapAccountRequest>("MapAccount", HttpMethod.Put, "account", (organization, now) => new
        {
            organizationId = organization, dattoOrganizationName = "Harbor Dental 0001 LLC", psaKind = "ConnectWise", psaCompanyId = "19300",
            psaCompanyName = "Harbor Dental", agreementId = "802", effectiveFrom = now.AddDays(-1),
        }),
        Customer<MapServiceRequest>("MapService", HttpMethod.Put, "services/SaasSeats", (_, now) => new
        {
            seatType = "User", psaLineId = "cw:19300:802:40104",
            unitRule = new { unit = "Each", @base = 1000, rounding = "Up", step = 1, includedAllowance = 0.5m, minimum = 2 },
            unitPrice = new { amount = 3.25m, currency = "USD" }, effectiveFrom = now.AddDays(-1),
        }, (HttpMethod.Put, "account", Account)),
        Customer<AssetDecisionRequest>("IgnoreAsset", HttpMethod.Post, "ignores", (_, _) => Decision("vol-dc01", "Our monitoring server")),
        Customer<AssetDecisionRequest>("IncludeAsset", HttpMethod.Post, "inclusions", (_, _) => Decision("vol-share-scans", "Customer asked")),
        Customer<AssetDecisionRequest>("RevokeIgnore", HttpMethod.Post, "ignores/revoke", (_, _) => Decision("vol-dc01", "Billable after all"),
            (HttpMethod.Post, "ignores", Decision("vol-dc01", "Our monitoring server"))),
        Customer<AssetDecisionRequest>("RevokeInclusion", HttpMethod.Post, "inclusions/revoke", (_, _) => Decision("vol-share-scans", "Policy decides"),
            (HttpMethod.Post, "inclusions", Decision("vol-share-scans", "Customer asked"))),
        Customer<CustomerPolicyRequest>("SetCustomerPolicy", HttpMethod.Put, "policies/NasShares", (_, now) => new
        {
            choice = "Count", reason = "Contract counts shares as agents", effectiveFrom = now.AddDays(-1),
        }),
        Customer<ClosePeriodRequest>("CloseBillingPeriod", HttpMethod.Post, "periods", (_, _) => ClosedOctober),
        Customer<AdjustPeriodRequest>("AdjustBillingPeriod", HttpMethod.Post, "periods/2026-10/adjustments", (_, _) => new
        {
            service = "PerAgent", quantity = 3.5m, cause = "Late snapshot",
        }, (HttpMethod.Post, "periods", ClosedOctober)),
        Customer<CorrectPeriodRequest>("CorrectBillingPeriod", HttpMethod.Post, "periods/2026-10/corrections", (_, _) => new
        {
            periodStart = "2026-10-02", periodEnd = "2026-10-30", reason = "Dates typed wrong",
        }, (HttpMethod.Post, "periods", ClosedOctober)),
    ];

    public static IEnumerable<object[]> Names => All.Select(c => new object[] { c.Name });

    public static FuzzedCommand Named(string name) => All.Single(c => c.Name == name);

    private static object ClosedOctober => new
    {
        periodId = "2026-10", periodStart = "2026-10-01", periodEnd = "2026-10-31",
        lines = new[] { new { service = "PerAgent", seatType = (string?)null, psaLineId = AgentLine, quantity = 2, unitPrice = new { amount = 12.5m, currency = "USD" } } },
    };

    private static object Account => new
    {
        dattoOrganizationName = "Harbor Dental 0001 LLC", psaKind = "ConnectWise", psaCompanyId = "19300", psaCompanyName = "Harbor Dental", agreementId = "802",
    };

    private static object Decision(string volume, string reason) => new { assetKind = "Volume", assetId = volume, reason };

    /// <summary>A command on a customer of its own: ingest its first snapshot, then any set-up requests, then the command.</summary>
    private static FuzzedCommand Customer<TRequest>(
        string name, HttpMethod method, string route, Func<long, DateTimeOffset, object> body, params (HttpMethod Method, string Route, object Body)[] setUp) =>
        new(name, method, typeof(TRequest), async (tenant, organization) =>
        {
            var customer = await LedgerHost.IngestAsync(tenant, organization);
            foreach (var (setUpMethod, setUpRoute, setUpBody) in setUp)
            {
                var request = new HttpRequestMessage(setUpMethod, $"/api/customers/{customer}/{setUpRoute}") { Content = JsonContent.Create(setUpBody, options: LedgerHost.Json) };
                await Expect.StatusAsync(await tenant.Finance.SendAsync(request), 200);
            }

            return new FuzzTarget(customer, $"/api/customers/{customer}/{route}", Node(body(organization, DateTimeOffset.UtcNow)));
        });

    private static JsonNode Snapshot(long organization) => Node(SnapshotDocument.Example with
    {
        SnapshotId = $"snap-{organization}-{Guid.NewGuid():N}",
        OrganizationId = organization,
        ObservedAt = DateTimeOffset.UtcNow.AddMinutes(-5),
        Warnings = [new Application.Customers.SnapshotWarning("StorageUnitsMissing", "read as bytes", "A1B2C3D4E5F6")],
    });

    private static JsonNode Node(object body) => JsonSerializer.SerializeToNode(body, body.GetType(), LedgerHost.Json)!;
}
