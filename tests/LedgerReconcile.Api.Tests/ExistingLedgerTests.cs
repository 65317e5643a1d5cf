using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Api.Tests.Infrastructure;
using LedgerReconcile.Domain;
using static LedgerReconcile.Api.Tests.Infrastructure.LedgerV1Host;

namespace LedgerReconcile.Api.Tests;

/// <summary>A ledger written by older code (tests/Fixtures/ledger-v1) keeps working: keys, credentials, chain, events.</summary>
public sealed class ExistingLedgerTests(LedgerV1Host host) : IClassFixture<LedgerV1Host>
{
    [Theory]
    [InlineData(AdminKey)]
    [InlineData(FinanceKey)]
    [InlineData(AuditorKey)]
    public async Task KeysIssuedByTheOlderCodeStillAuthenticate(string key) =>
        await Expect.StatusAsync(await host.Client(key).GetAsync("/api/verify"), 200);

    [Fact]
    public async Task AKeyRevokedByTheOlderCodeStaysRevoked() =>
        await Expect.ProblemAsync(await host.Client(RevokedAuditorKey).GetAsync("/api/verify"), 401);

    [Fact]
    public async Task TheKeyListShowsEveryOldKeyAndWhichOneIsRevoked()
    {
        var keys = await Expect.JsonAsync<JsonElement>(await host.Client(AdminKey).GetAsync("/api/keys"));

        var listed = keys.EnumerateArray()
            .Select(k => (Id: k.GetProperty("keyId").GetString(), Role: k.GetProperty("role").GetString(), Revoked: k.GetProperty("revoked").GetBoolean()))
            .ToList();
        Assert.Equal(
            [("33fc70ff1d7f3513", "admin", false), ("bc90a87fd81e5654", "finance", false), ("109829d3b4607794", "auditor", false), ("a2819349a0f0d3db", "auditor", true)],
            listed);
        var revoked = keys.EnumerateArray().Single(k => k.GetProperty("revoked").GetBoolean());
        Assert.Equal("demo admin (33fc70ff1d7f3513)", revoked.GetProperty("revokedBy").GetString());
        Assert.True(revoked.GetProperty("revokedAt").GetDateTimeOffset() >= revoked.GetProperty("issuedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task CredentialsStoredByTheOlderCodeKeepTheirFingerprint()
    {
        var stamp = await Expect.JsonAsync<JsonElement>(await host.Client(AdminKey).GetAsync("/api/integrations/halopsa/credentials"));

        Assert.Equal(HaloFingerprint, stamp.GetProperty("fingerprint").GetString());
    }

    [Fact]
    public async Task TheHashChainOfTheOldLedgerIsIntact()
    {
        var report = await Expect.JsonAsync<JsonElement>(await host.Client(AuditorKey).GetAsync("/api/verify"));

        Assert.True(report.GetProperty("intact").GetBoolean(), report.ToString());
        Assert.True(report.GetProperty("eventsChecked").GetInt64() >= 100, report.ToString());
    }

    [Fact]
    public async Task EveryStoredEventDecodesAndWouldBeStoredByteForByteTheSame()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        await foreach (var recorded in host.Store.ReadAllAsync(0))
        {
            var @event = EventSerializer.Deserialize(recorded.Type, recorded.Data);
            var (storedName, data) = EventSerializer.Serialize(@event);

            Assert.Equal(recorded.Type, storedName);
            Assert.Equal(Encoding.UTF8.GetString(recorded.Data.Span), Encoding.UTF8.GetString(data));
            names.Add(recorded.Type);
            count++;
        }

        Assert.True(count >= 100);
        Assert.Superset(new HashSet<string> { "system.api_key_issued.v1", "system.api_key_revoked.v1", "system.credentials_changed.v1" }, names);
    }

    [Fact]
    public async Task ACustomerOfTheOldLedgerAnswers()
    {
        await host.CatchUpAsync();

        await Expect.StatusAsync(await host.Client(AuditorKey).GetAsync("/api/customers/org-4100/lines"), 200);
    }
}

/// <summary>New keys and credentials on an old ledger, each on a fresh copy of the fixture.</summary>
public sealed class ExistingLedgerWriteTests : IAsyncLifetime
{
    private readonly LedgerV1Host _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task NewKeysCanBeIssuedAndRevokedOnAnOldLedger()
    {
        var admin = _host.Client(AdminKey);
        var created = await Expect.JsonAsync<JsonElement>(await admin.PostAsJsonAsync("/api/keys", new { role = "auditor", label = "after the upgrade" }), 201);
        var keyId = created.GetProperty("keyId").GetString()!;
        var fresh = _host.Client(created.GetProperty("key").GetString());

        await Expect.StatusAsync(await fresh.GetAsync("/api/verify"), 200);
        await Expect.StatusAsync(await admin.DeleteAsync($"/api/keys/{keyId}"), 204);
        await Expect.StatusAsync(await admin.DeleteAsync($"/api/keys/{keyId}"), 204);
        await Expect.ProblemAsync(await fresh.GetAsync("/api/verify"), 401);

        var keys = await Expect.JsonAsync<JsonElement>(await admin.GetAsync("/api/keys"));
        Assert.Equal(5, keys.GetArrayLength());
        Assert.Equal(2, keys.EnumerateArray().Count(k => k.GetProperty("revoked").GetBoolean()));
        var stream = await ReadAsync(StreamNames.ApiKey(keyId));
        Assert.Equal(["system.api_key_issued.v1", "system.api_key_revoked.v1"], stream.Select(e => e.Type));
        Assert.StartsWith($$"""{"KeyId":"{{keyId}}","Tenant":"demo-msp","Role":"auditor",""", Encoding.UTF8.GetString(stream[0].Data.Span));
    }

    [Fact]
    public async Task AnotherTenantCantRevokeAnOldKey()
    {
        var stranger = _host.Client(await _host.KeyAsync("other-msp", "admin"));

        await Expect.ProblemAsync(await stranger.DeleteAsync("/api/keys/33fc70ff1d7f3513"), 404);

        await Expect.StatusAsync(await _host.Client(AdminKey).GetAsync("/api/keys"), 200);
        Assert.Single(await ReadAsync(StreamNames.ApiKey("33fc70ff1d7f3513")));
    }

    [Fact]
    public async Task NewCredentialsAreRecordedAfterTheOldChanges()
    {
        var admin = _host.Client(AdminKey);

        var stamp = await Expect.JsonAsync<JsonElement>(await admin.PutAsJsonAsync("/api/integrations/halopsa/credentials",
            new { baseAddress = "https://halo.example.test", clientId = "abc", clientSecret = $"rotated-{Guid.NewGuid():N}" }));

        var fingerprint = stamp.GetProperty("fingerprint").GetString()!;
        Assert.NotEqual(HaloFingerprint, fingerprint);
        var stream = await ReadAsync(StreamNames.Credentials(Tenant));
        Assert.Equal(4, stream.Count);
        Assert.StartsWith($$"""{"integration":"HaloPsa","fingerprint":"{{fingerprint}}","changedBy":""", Encoding.UTF8.GetString(stream[^1].Data.Span));
    }

    private async Task<List<EventStore.RecordedEvent>> ReadAsync(string stream)
    {
        var events = new List<EventStore.RecordedEvent>();
        await foreach (var e in _host.Store.ReadStreamAsync(stream, EventStore.ReadDirection.Forwards, EventStore.StreamRevision.Start))
        {
            events.Add(e);
        }

        return events;
    }
}
