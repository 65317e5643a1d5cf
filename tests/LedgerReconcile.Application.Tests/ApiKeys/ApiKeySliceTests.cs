using LedgerReconcile.Application.ApiKeys;
using LedgerReconcile.Domain;

namespace LedgerReconcile.Application.Tests.ApiKeys;

public class ApiKeySliceTests
{
    private const string KeyId = "0123456789abcdef";
    private static readonly string Sha256 = new('a', 64);

    private static IssueApiKey Issue(string tenant, string keyId = KeyId) =>
        new(new CommandContext(tenant, "alice@msp.example", "test", Guid.CreateVersion7()), keyId, "finance", "Month-end close", Sha256);

    [Fact]
    public async Task AnIssuedKeyIsFoundByItsIdAloneAsItsTenantsKey()
    {
        await using var host = await LedgerHost.StartAsync();
        await host.SendAsync(Issue(LedgerHost.Tenant));

        var key = await host.SendAsync(new GetApiKey(KeyId));

        Assert.Equal((LedgerHost.Tenant, "finance", Sha256, false, 0L), (key.State.Tenant, key.State.Role, key.State.Sha256, key.State.Revoked, key.Revision));
        Assert.Equal(LedgerHost.Tenant, Assert.Single(await host.ReadAsync(StreamNames.ApiKey(KeyId))).Metadata.Tenant);
    }

    [Fact]
    public async Task AKeyNeverIssuedIsFoundAsNothing()
    {
        await using var host = await LedgerHost.StartAsync();

        var key = await host.SendAsync(new GetApiKey(KeyId));

        Assert.False(key.State.Issued);
        Assert.Null(key.Revision);
    }

    [Fact]
    public async Task AnotherTenantCantRevokeAKeyAndLearnsNothingAboutIt()
    {
        await using var host = await LedgerHost.StartAsync();
        await host.SendAsync(Issue(LedgerHost.Tenant));

        var violation = await Assert.ThrowsAsync<RuleViolationException>(() =>
            host.SendAsync(new RevokeApiKey(new CommandContext("msp-two", "mallory@msp-two.example", "test", Guid.CreateVersion7()), KeyId)));

        Assert.Equal("api_key.unknown", violation.Rule);
        Assert.Single(await host.ReadAsync(StreamNames.ApiKey(KeyId)));
    }

    [Fact]
    public async Task RevokingTwiceRecordsOneRevocation()
    {
        await using var host = await LedgerHost.StartAsync();
        await host.SendAsync(Issue(LedgerHost.Tenant));

        await host.SendAsync(new RevokeApiKey(new CommandContext(LedgerHost.Tenant, "bob@msp.example", "test", Guid.CreateVersion7()), KeyId));
        var again = await host.SendAsync(new RevokeApiKey(new CommandContext(LedgerHost.Tenant, "bob@msp.example", "test", Guid.CreateVersion7()), KeyId));

        Assert.Empty(again.Appended);
        Assert.Equal(2, (await host.ReadAsync(StreamNames.ApiKey(KeyId))).Count);
    }

    [Fact]
    public async Task AListShowsOnlyTheTenantsKeysOldestFirstWithWhenTheyWereIssuedAndRevoked()
    {
        await using var host = await LedgerHost.StartAsync();
        await host.SendAsync(Issue(LedgerHost.Tenant, "00000000000000b1"));
        await host.SendAsync(Issue("msp-two", "00000000000000b2"));
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        await host.SendAsync(Issue(LedgerHost.Tenant, "00000000000000a3"));
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        await host.SendAsync(new RevokeApiKey(new CommandContext(LedgerHost.Tenant, "bob@msp.example", "test", Guid.CreateVersion7()), "00000000000000b1"));

        var keys = await host.SendAsync(new ListApiKeys(LedgerHost.Tenant));

        Assert.Equal(["00000000000000b1", "00000000000000a3"], keys.Select(k => k.Key.KeyId));
        Assert.Equal((true, "bob@msp.example"), (keys[0].Key.Revoked, keys[0].Key.RevokedBy));
        Assert.Equal(keys[0].IssuedAt.AddMinutes(10), keys[0].RevokedAt);
        Assert.Null(keys[1].RevokedAt);
        Assert.Equal(3, (await host.SendAsync(new ListApiKeys(null))).Count);
    }
}
