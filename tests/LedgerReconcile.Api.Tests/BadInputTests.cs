using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LedgerReconcile.Api.Tests.Infrastructure;

namespace LedgerReconcile.Api.Tests;

/// <summary>Bad input never corrupts the ledger: it is a 400 that names the field, and the store head does not move.</summary>
public abstract class BadInputTests(LedgerHost host)
{
    private static readonly object Device = new { serialNumber = "A1B2C3D4E5F6", name = "SIRIS", model = "S5-4", hidden = false, isAzure = false };

    [Fact]
    public async Task ASnapshotTimeWithoutAnOffsetOrOutsideTheLedgersWindowIsRefused()
    {
        var t = await host.TenantAsync("times");
        var head = await host.HeadAsync();

        await RefusedAsync(await PostRawAsync(t.Admin, "/api/snapshots",
            """{"snapshotId":"snap-zoneless","observedAt":"2026-11-01T06:00:00","organizationId":4100,"devices":[],"assets":[]}"""), "observedAt");
        await RefusedAsync(await t.Admin.PostAsJsonAsync("/api/snapshots", Snapshot(observedAt: DateTimeOffset.UtcNow.AddYears(5))), "observedAt");
        await RefusedAsync(await t.Admin.PostAsJsonAsync("/api/snapshots", Snapshot(observedAt: new DateTimeOffset(1999, 12, 31, 0, 0, 0, TimeSpan.Zero))), "observedAt");

        Assert.Equal(head, await host.HeadAsync());
    }

    [Fact]
    public async Task ASnapshotWithoutDevicesOrWithNullDevicesIsA400NamingDevices()
    {
        var t = await host.TenantAsync("devices");
        var head = await host.HeadAsync();

        await RefusedAsync(await PostRawAsync(t.Admin, "/api/snapshots",
            $$"""{"snapshotId":"snap-nodevices","observedAt":"{{Now}}","organizationId":4100,"assets":[]}"""), "devices");
        await RefusedAsync(await PostRawAsync(t.Admin, "/api/snapshots",
            $$"""{"snapshotId":"snap-nulldevices","observedAt":"{{Now}}","organizationId":4100,"devices":null,"assets":[{"deviceSerial":"A1","volume":"v1","name":"x","type":"agent"}]}"""), "devices");

        Assert.Equal(head, await host.HeadAsync());
    }

    [Fact]
    public async Task AMissingQuantityPriceBoundOrFlagIsRequiredNeverReadAsZero()
    {
        var t = await host.TenantAsync("required");
        var customer = await LedgerHost.IngestAsync(t, 4100);
        var head = await host.HeadAsync();

        await RefusedAsync(await t.Finance.PostAsJsonAsync($"/api/customers/{customer}/periods/2026-10/adjustments", new { service = "PerAgent", cause = "late" }), "quantity");
        await RefusedAsync(await t.Finance.PostAsJsonAsync($"/api/customers/{customer}/periods", new { periodId = "2026-10", periodStart = "2026-10-01", periodEnd = "2026-10-31" }), "lines");
        await RefusedAsync(await t.Finance.PostAsJsonAsync($"/api/customers/{customer}/periods", new
        {
            periodId = "2026-10", periodEnd = "2026-10-31",
            lines = new[] { new { service = "PerAgent", psaLineId = "cw:19300:802:40101", quantity = 6 } },
        }), "periodStart");
        await RefusedAsync(await t.Finance.PostAsJsonAsync($"/api/customers/{customer}/periods", new
        {
            periodId = "2026-10", periodStart = "2026-10-01", periodEnd = "2026-10-31",
            lines = new object[] { new { service = "PerAgent", psaLineId = "cw:19300:802:40101", unitPrice = new { currency = "USD" } } },
        }), "lines[0].quantity");
        var service = await RefusedAsync(await t.Finance.PutAsJsonAsync($"/api/customers/{customer}/services/PerAgent", new
        {
            psaLineId = "cw:19300:802:40101",
            unitRule = new { unit = "Each", @base = 1000, rounding = "Up", step = 1 },
            unitPrice = new { currency = "USD" },
        }), "unitRule.minimum");
        var fields = service.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Contains("unitRule.includedAllowance", fields);
        Assert.Contains("unitPrice.amount", fields);
        await RefusedAsync(await t.Admin.PostAsJsonAsync("/api/snapshots", Snapshot(devices: [new { serialNumber = "A1", name = "x", model = "m", isAzure = false }])), "devices[0].hidden");
        await RefusedAsync(await t.Admin.PostAsJsonAsync("/api/snapshots", Snapshot(devices:
            [new { serialNumber = "A1", name = "x", model = "m", hidden = false, isAzure = false, offsiteStorageUsed = new { units = "TB" } }])), "devices[0].offsiteStorageUsed.size");
        await RefusedAsync(await t.Admin.PostAsJsonAsync("/api/snapshots", Snapshot(saasDomains: [new { saasCustomerId = 9, domain = "a.example", productType = "Office365" }])), "saasDomains[0].seatsUsed");

        Assert.Equal(head, await host.HeadAsync());
    }

    [Theory]
    [InlineData("../other-tenant")]
    [InlineData("vol\u0000dc01")]
    [InlineData("vol-\u202Edc01")]
    [InlineData("vol-\u200Bdc01")]
    [InlineData("vol dc01")]
    public async Task AnIdOutsideItsGrammarIsRefused(string assetId)
    {
        var t = await host.TenantAsync("ids");
        var customer = await LedgerHost.IngestAsync(t, 4100);
        var head = await host.HeadAsync();

        await RefusedAsync(await t.Finance.PostAsJsonAsync($"/api/customers/{customer}/ignores", new { assetKind = "Volume", assetId, reason = "test" }), "assetId");

        Assert.Equal(head, await host.HeadAsync());
    }

    [Fact]
    public async Task APsaLineReferenceThatCouldChangeTheRequestSentToThePsaIsRefusedWhileRealIdsAreAccepted()
    {
        var t = await host.TenantAsync("psaline");
        var customer = await LedgerHost.IngestAsync(t, 4100);
        var head = await host.HeadAsync();

        await RefusedAsync(await t.Finance.PutAsJsonAsync($"/api/customers/{customer}/services/PerAgent", MapService("cw:19300:802/../40103?x=1")), "psaLineId");
        Assert.Equal(head, await host.HeadAsync());
        await Expect.StatusAsync(await t.Finance.PutAsJsonAsync($"/api/customers/{customer}/account", new
        {
            organizationId = 4100, dattoOrganizationName = "Harbor Dental", psaKind = "ConnectWise", psaCompanyId = "19300", psaCompanyName = "Harbor", agreementId = "802",
        }), 200);

        await Expect.StatusAsync(await t.Finance.PutAsJsonAsync($"/api/customers/{customer}/services/PerAgent", MapService("cw:19300:802:40103")), 200);
        await Expect.StatusAsync(await t.Admin.PostAsJsonAsync("/api/snapshots", Snapshot(snapshotId: "01a2b3c4d5e6/org:4100")), 200);
    }

    [Theory]
    [InlineData("3")]
    [InlineData("Volume ")]
    [InlineData(" volume")]
    [InlineData("Volume,Device")]
    public async Task AnEnumValueIsAcceptedByNameOnly(string assetKind)
    {
        var t = await host.TenantAsync("enums");
        var customer = await LedgerHost.IngestAsync(t, 4100);
        var head = await host.HeadAsync();

        await RefusedAsync(await t.Finance.PostAsJsonAsync($"/api/customers/{customer}/ignores", new { assetKind, assetId = "vol-dc01", reason = "test" }), "assetKind");
        await Expect.ProblemAsync(await t.Admin.PutAsJsonAsync("/api/integrations/0/credentials", new { publicKey = "p", secretKey = "s" }), 404);

        Assert.Equal(head, await host.HeadAsync());
        await Expect.StatusAsync(await t.Finance.PostAsJsonAsync($"/api/customers/{customer}/ignores", new { assetKind = "volume", assetId = "vol-dc01", reason = "test" }), 200);
    }

    [Fact]
    public async Task FreeTextIsBoundedAndHasNoControlCharacters()
    {
        var t = await host.TenantAsync("text");
        var customer = await LedgerHost.IngestAsync(t, 4100);
        var head = await host.HeadAsync();

        await RefusedAsync(await t.Admin.PostAsJsonAsync("/api/snapshots", Snapshot(organizationName: new string('x', 501))), "organizationName");
        await RefusedAsync(await t.Finance.PostAsJsonAsync($"/api/customers/{customer}/ignores", new { assetKind = "Volume", assetId = "vol-dc01", reason = "ok\u0000hidden" }), "reason");
        await RefusedAsync(await t.Finance.PutAsJsonAsync($"/api/customers/{customer}/account", new
        {
            organizationId = 4100, dattoOrganizationName = "Harbor\u202E", psaKind = "ConnectWise", psaCompanyId = "19300", psaCompanyName = "Harbor", agreementId = "802",
        }), "dattoOrganizationName");

        Assert.Equal(head, await host.HeadAsync());
        await Expect.StatusAsync(await t.Finance.PostAsJsonAsync($"/api/customers/{customer}/ignores", new { assetKind = "Volume", assetId = "vol-dc01", reason = "Monitoring server\nper ticket 4411" }), 200);
    }

    [Fact]
    public async Task PeriodBoundsAndEffectiveDatesKeepTheirOrderAndABoundedFuture()
    {
        var t = await host.TenantAsync("order");
        var customer = await LedgerHost.IngestAsync(t, 4100);
        var head = await host.HeadAsync();

        await RefusedAsync(await t.Finance.PostAsJsonAsync($"/api/customers/{customer}/periods", new
        {
            periodId = "2026-10", periodStart = "2026-10-31", periodEnd = "2026-10-01",
            lines = new[] { new { service = "PerAgent", psaLineId = "cw:19300:802:40101", quantity = 6 } },
        }), "periodEnd");
        await RefusedAsync(await t.Admin.PutAsJsonAsync("/api/tenant/policies/NasShares", new { choice = "Count", reason = "x", effectiveFrom = DateTimeOffset.UtcNow.AddYears(30) }), "effectiveFrom");

        Assert.Equal(head, await host.HeadAsync());
    }

    [Fact]
    public async Task ABodyOfTheWrongShapeNamesTheFieldAndWhatWasExpectedWithoutDotNetTypes()
    {
        var t = await host.TenantAsync("shape");
        var head = await host.HeadAsync();

        var wrongType = await RefusedAsync(await PostRawAsync(t.Admin, "/api/tenant/policies/NasShares", """{"choice":5,"reason":"x"}""", HttpMethod.Put), "choice");
        Assert.Contains("text", wrongType.GetProperty("errors").GetProperty("choice")[0].GetString());
        await RefusedAsync(await PostRawAsync(t.Admin, "/api/tenant/policies/NasShares", "", HttpMethod.Put), "body");
        var array = await RefusedAsync(await PostRawAsync(t.Admin, "/api/tenant/policies/NasShares", "[1,2]", HttpMethod.Put), "body");
        Assert.Contains("object", array.GetProperty("errors").GetProperty("body")[0].GetString());
        var time = await RefusedAsync(await PostRawAsync(t.Admin, "/api/tenant/policies/NasShares", """{"choice":"Count","reason":"x","effectiveFrom":"soon"}""", HttpMethod.Put), "effectiveFrom");
        Assert.Contains("offset", time.GetProperty("errors").GetProperty("effectiveFrom")[0].GetString());

        Assert.Equal(head, await host.HeadAsync());
    }

    [Fact]
    public async Task ASyncroSubdomainIsOneDnsLabel()
    {
        var t = await host.TenantAsync("syncro");
        var head = await host.HeadAsync();

        await RefusedAsync(await t.Admin.PutAsJsonAsync("/api/integrations/syncro/credentials", new { subdomain = "evil.example#", apiToken = "t" }), "subdomain");

        Assert.Equal(head, await host.HeadAsync());
    }

    private static string Now => DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");

    private static object Snapshot(
        string? snapshotId = null, DateTimeOffset? observedAt = null, string? organizationName = null, object[]? devices = null, object[]? saasDomains = null) => new
    {
        snapshotId = snapshotId ?? $"snap-{Guid.NewGuid():N}",
        observedAt = observedAt ?? DateTimeOffset.UtcNow.AddMinutes(-1),
        organizationId = 4100,
        organizationName = organizationName ?? "Harbor Dental",
        devices = devices ?? [Device],
        assets = Array.Empty<object>(),
        saasDomains,
    };

    private static object MapService(string psaLineId) => new
    {
        psaLineId,
        unitRule = new { unit = "Each", @base = 1000, rounding = "Up", step = 1, includedAllowance = 0, minimum = 0 },
        unitPrice = new { amount = 45, currency = "USD" },
    };

    private static Task<HttpResponseMessage> PostRawAsync(HttpClient client, string path, string json, HttpMethod? method = null) =>
        client.SendAsync(new HttpRequestMessage(method ?? HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    /// <summary>A 400 naming <paramref name="field"/>, in the ledger's words: no .NET type leaks into the answer.</summary>
    private static async Task<JsonElement> RefusedAsync(HttpResponseMessage response, string field)
    {
        var problem = await Expect.ValidationAsync(response, field);
        var text = problem.GetRawText();
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("LedgerReconcile.", text, StringComparison.Ordinal);
        return problem;
    }
}

public sealed class SqliteBadInputTests(SqliteHost host) : BadInputTests(host), IClassFixture<SqliteHost>;

public sealed class PostgresBadInputTests(PostgresHost host) : BadInputTests(host), IClassFixture<PostgresHost>;
