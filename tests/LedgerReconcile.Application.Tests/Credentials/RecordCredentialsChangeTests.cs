using LedgerReconcile.Application.Credentials;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Credentials;

namespace LedgerReconcile.Application.Tests.Credentials;

public class RecordCredentialsChangeTests
{
    private static readonly DateTimeOffset StoredAt = new(2025, 11, 1, 7, 59, 59, TimeSpan.Zero);

    private static RecordCredentialsChange Change(string fingerprint) =>
        new(new CommandContext(LedgerHost.Tenant, "alice@msp.example", "test", Guid.CreateVersion7()), "HaloPsa", fingerprint, StoredAt);

    [Fact]
    public async Task AChangeIsRecordedInTheTenantsCredentialsStreamAsOfWhenTheValuesWereStored()
    {
        await using var host = await LedgerHost.StartAsync();

        await host.SendAsync(Change("hmac-sha256:0000000000000001"));

        var recorded = Assert.Single(await host.ReadAsync(StreamNames.Credentials(LedgerHost.Tenant)));
        Assert.Equal("system.credentials_changed.v1", recorded.Type);
        Assert.Equal(StoredAt, recorded.OccurredAt);
        Assert.Equal(
            new CredentialsEvent.CredentialsChanged("HaloPsa", "hmac-sha256:0000000000000001", "alice@msp.example", StoredAt),
            EventSerializer.Deserialize(recorded.Type, recorded.Data));
    }

    [Fact]
    public async Task TheSameCredentialsSetAgainAreNotRecordedTwice()
    {
        await using var host = await LedgerHost.StartAsync();

        await host.SendAsync(Change("hmac-sha256:0000000000000001"));
        var again = await host.SendAsync(Change("hmac-sha256:0000000000000001"));
        await host.SendAsync(Change("hmac-sha256:0000000000000002"));

        Assert.Empty(again.Appended);
        Assert.Equal(2, (await host.ReadAsync(StreamNames.Credentials(LedgerHost.Tenant))).Count);
    }
}
