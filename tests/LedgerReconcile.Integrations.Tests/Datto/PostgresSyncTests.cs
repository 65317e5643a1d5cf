using LedgerReconcile.Domain;
using LedgerReconcile.Integrations.Datto;

namespace LedgerReconcile.Integrations.Tests.Datto;

public sealed class PostgresSyncTests
{
    [Fact]
    public async Task ASyncOnPostgreSqlRecordsTheSameQuantitiesAndRun()
    {
        await using var bed = await DattoSyncBed.StartAsync(host: () => IntegrationHost.StartOnPostgresAsync());

        var first = await bed.SyncAsync();
        var second = await bed.SyncAsync();

        Assert.Equal((DattoSyncOutcome.Completed, 6, 6), (first.Outcome, first.Counts.SnapshotsRecorded, second.Counts.SnapshotsUnchanged));
        foreach (var organization in bed.OrganizationIds)
        {
            Assert.Equal(bed.Partner(p => ExpectedUsage.Of(p, organization)), ExpectedUsage.From(await bed.Host.QuantitiesAsync(CustomerKeys.ForOrganization(organization))));
        }

        Assert.Equal(4, (await bed.RunsAsync()).Count);
    }
}
