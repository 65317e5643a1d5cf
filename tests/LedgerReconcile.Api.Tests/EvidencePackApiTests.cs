using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using LedgerReconcile.Api.Tests.Infrastructure;
using LedgerReconcile.Domain;
using LedgerReconcile.EventStore;
using LedgerReconcile.Exports.Evidence;

namespace LedgerReconcile.Api.Tests;

/// <summary>Evidence packs over HTTP, on a real store, checked offline the way an auditor would check them.</summary>
public abstract class EvidencePackApiTests(LedgerHost host)
{
    private const string AgentLine = "cw:19300:802:40101";

    private static readonly DateOnly MonthStart = new DateOnly(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1).AddMonths(-1);
    private static readonly string Month = MonthStart.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static EvidenceVerification Verify(byte[] pack) => EvidencePackVerifier.Verify(new MemoryStream(pack));

    private static async Task<byte[]> PackAsync(HttpResponseMessage response)
    {
        await Expect.StatusAsync(response, 200);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<long> StreamLengthAsync(string stream)
    {
        var count = 0L;
        await foreach (var _ in host.Store.ReadStreamAsync(stream, ReadDirection.Forwards, StreamRevision.Start))
        {
            count++;
        }

        return count;
    }

    [Fact]
    public async Task ACustomerPackVerifiesAndOneChangedByteInAnEventNamesThatEvent()
    {
        var t = await host.TenantAsync("pack");
        var customer = await LedgerHost.IngestAsync(t, 4100, "Harbor Dental");
        await host.MapAgentLineAsync(t, customer, 4100, "Harbor Dental", AgentLine);
        await host.CatchUpAsync();

        var pack = await PackAsync(await t.Auditor.GetAsync($"/api/customers/{customer}/evidence-pack"));

        var verified = Verify(pack);
        Assert.True(verified.Holds, verified.Failure);
        Assert.Equal(await StreamLengthAsync(StreamNames.Customer(t.Tenant, customer)), verified.Events);
        using var manifest = JsonDocument.Parse(PackTampering.Entry(pack, "manifest.json"));
        Assert.Equal((verified.EventsDigest, "customer", customer), (manifest.RootElement.GetProperty("eventsDigest").GetString(), manifest.RootElement.GetProperty("scope").GetString(), manifest.RootElement.GetProperty("customerKey").GetString()));
        Assert.Contains("Datto usage snapshot", PackTampering.Entry(pack, "narrative.txt"), StringComparison.Ordinal);
        Assert.Contains(customer, PackTampering.Entry(pack, "billable.csv"), StringComparison.Ordinal);

        var (changedEvent, expected) = PackTampering.ChangeEventData(pack, 0);
        Assert.Equal(expected + ".", Verify(changedEvent).Failure);
        Assert.Equal("file billable.csv does not match its SHA-256 in the manifest.", Verify(PackTampering.ChangeFile(pack, "billable.csv")).Failure);
        Assert.Equal("not a ZIP file: not an evidence pack.", Verify("not a zip"u8.ToArray()).Failure);
    }

    [Fact]
    public async Task AMonthPackHoldsTheTenantStreamAndEveryCustomerTheCloseFroze()
    {
        var t = await host.TenantAsync("packmonth");
        var inMonth = new DateTimeOffset(MonthStart.AddDays(9).ToDateTime(new TimeOnly(6, 0)), TimeSpan.Zero);
        var first = await LedgerHost.IngestAsync(t, 6100, observedAt: inMonth);
        var second = await LedgerHost.IngestAsync(t, 6200, observedAt: inMonth);
        await Expect.StatusAsync(await t.Finance.PostAsJsonAsync("/api/periods", new { month = Month, overrideReason = "Audit sample" }), 200);
        await host.CatchUpAsync();

        var pack = await PackAsync(await t.Finance.GetAsync($"/api/periods/{Month}/evidence-pack"));

        var verified = Verify(pack);
        Assert.True(verified.Holds, verified.Failure);
        using var manifest = JsonDocument.Parse(PackTampering.Entry(pack, "manifest.json"));
        Assert.Equal([first, second], manifest.RootElement.GetProperty("customers").EnumerateArray().Select(c => c.GetString()!).Order());
        var streams = PackTampering.Entry(pack, "events.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("stream").GetString()).ToHashSet();
        Assert.Equal(new[] { StreamNames.Tenant(t.Tenant), StreamNames.Customer(t.Tenant, first), StreamNames.Customer(t.Tenant, second) }.Order(), streams.Order());
        var expectedEvents = await StreamLengthAsync(StreamNames.Tenant(t.Tenant))
            + await StreamLengthAsync(StreamNames.Customer(t.Tenant, first)) + await StreamLengthAsync(StreamNames.Customer(t.Tenant, second));
        Assert.Equal(expectedEvents, verified.Events);
        Assert.Contains($"Month {Month} closed for the whole book", PackTampering.Entry(pack, "narrative.txt"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCustomersBadMonthsAndOpenMonthsAreProblemsAndAppendNothing()
    {
        var t = await host.TenantAsync("packbad");
        await LedgerHost.IngestAsync(t, 6300);
        var head = await host.HeadAsync();

        await Expect.ProblemAsync(await t.Auditor.GetAsync("/api/customers/org-999999/evidence-pack"), 404);
        await Expect.ValidationAsync(await t.Auditor.GetAsync("/api/periods/2026-13/evidence-pack"), "month");
        await Expect.ProblemAsync(await t.Auditor.GetAsync($"/api/periods/{Month}/evidence-pack"), 404);
        await Expect.ProblemAsync(await host.Client().GetAsync("/api/customers/org-6300/evidence-pack"), 401);

        Assert.Equal(head, await host.HeadAsync());
    }
}

public sealed class SqliteEvidencePackApiTests(SqliteHost host) : EvidencePackApiTests(host), IClassFixture<SqliteHost>;

public sealed class PostgresEvidencePackApiTests(PostgresHost host) : EvidencePackApiTests(host), IClassFixture<PostgresHost>;
