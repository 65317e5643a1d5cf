using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.SyncRuns;
using LedgerReconcile.Integrations.Datto;
using LedgerReconcile.Simulators.Datto;
using static LedgerReconcile.Domain.Customers.CustomerEvent;
using static LedgerReconcile.Domain.SyncRuns.SyncRunEvent;

namespace LedgerReconcile.Integrations.Tests.Datto;

public sealed class DattoSyncTests
{
    [Fact]
    public async Task AFullSyncGivesEveryCustomerTheQuantitiesDattoShows()
    {
        await using var bed = await DattoSyncBed.StartAsync();

        var result = await bed.SyncAsync();

        Assert.Equal(DattoSyncOutcome.Completed, result.Outcome);
        Assert.Equal(new SyncRunCounts(6, 12, 48, 36, 6, 0, 0), result.Counts);
        foreach (var organization in bed.OrganizationIds)
        {
            var expected = bed.Partner(p => ExpectedUsage.Of(p, organization));
            Assert.Equal(expected, ExpectedUsage.From(await bed.Host.QuantitiesAsync(CustomerKeys.ForOrganization(organization))));
        }
    }

    [Fact]
    public async Task TheRunIsRecordedAndEverySnapshotNamesIt()
    {
        await using var bed = await DattoSyncBed.StartAsync();

        var result = await bed.SyncAsync();

        var runs = await bed.RunsAsync();
        var started = Assert.IsType<SyncRunStarted>(runs[0]);
        var completed = Assert.IsType<SyncRunCompleted>(runs[1]);
        Assert.Equal((result.RunId, "datto", SyncDattoUsage.Triggers.OnDemand, "alice@msp.example"), (started.RunId, started.Source, started.Trigger, started.Actor));
        Assert.Equal((result.RunId, result.Counts), (completed.RunId, completed.Counts));
        Assert.True(completed.Duration >= completed.PullDuration);
        foreach (var organization in bed.OrganizationIds)
        {
            var snapshot = Assert.IsType<UsageSnapshotRecorded>(Assert.Single(await bed.Host.ReadEventsAsync(StreamNames.Customer(IntegrationHost.Tenant, CustomerKeys.ForOrganization(organization)))));
            Assert.Equal(result.RunId, snapshot.SyncRunId);
            Assert.StartsWith(result.RunId, snapshot.SnapshotId, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SyncingUnchangedUsageAgainAppendsOnlySmallEvidence()
    {
        await using var bed = await DattoSyncBed.StartAsync();
        await bed.SyncAsync();
        var before = await bed.Host.ReadAllAsync();

        var second = await bed.SyncAsync();

        Assert.Equal((0, 6), (second.Counts.SnapshotsRecorded, second.Counts.SnapshotsUnchanged));
        var added = (await bed.Host.ReadAllAsync()).Skip(before.Count).Where(e => e.Stream.StartsWith("customer-", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, added.Count);
        Assert.All(added, e => Assert.Equal(EventRegistry.StoredNameOf(typeof(UsageObservedUnchanged)), e.Type));
        var fullSnapshotBytes = before.Where(e => e.Type == EventRegistry.StoredNameOf(typeof(UsageSnapshotRecorded))).Min(e => e.Data.Length);
        Assert.All(added, e => Assert.True(e.Data.Length * 4 < fullSnapshotBytes, $"{e.Data.Length} bytes of evidence against {fullSnapshotBytes} for a snapshot"));
    }

    [Fact]
    public async Task AnAgentAddedOnOneCustomerAndRemovedOnAnotherMovesTheirQuantities()
    {
        await using var bed = await DattoSyncBed.StartAsync();
        await bed.SyncAsync();
        var (grown, shrunk) = (bed.OrganizationIds[1], bed.OrganizationIds[4]);
        var agentsBefore = (await Agents(bed, grown), await Agents(bed, shrunk));
        bed.Simulator.Mutate(p =>
        {
            p.AddAgent(p.Devices.First(d => d.OrganizationId == grown).SerialNumber, "new-server");
            var device = p.Devices.First(d => d.OrganizationId == shrunk);
            p.RemoveAsset(device.SerialNumber, device.Assets.First(a => a.Type == "agent").Name);
        });

        var result = await bed.SyncAsync();

        Assert.Equal((2, 4), (result.Counts.SnapshotsRecorded, result.Counts.SnapshotsUnchanged));
        Assert.Equal((agentsBefore.Item1 + 1, agentsBefore.Item2 - 1), (await Agents(bed, grown), await Agents(bed, shrunk)));
    }

    [Fact]
    public async Task RateLimitsUnavailabilityAndDroppedConnectionsStillYieldACompleteRun()
    {
        await using var bed = await DattoSyncBed.StartAsync();
        var serial = bed.Partner(p => p.Devices[5].SerialNumber);
        bed.Simulator.Faults.Add(DattoFault.TooManyRequests("/bcdr/device", "1", times: 1));
        bed.Simulator.Faults.Add(DattoFault.Status("/bcdr/device/*/asset", 503, times: 2));
        bed.Simulator.Faults.Add(DattoFault.DropConnection($"/bcdr/device/{serial}/asset", times: 1));
        bed.Simulator.Faults.Add(DattoFault.Status("/saas/domains", 502, times: 1));

        var result = await bed.SyncAsync();

        Assert.Equal(DattoSyncOutcome.Completed, result.Outcome);
        Assert.Empty(result.Warnings);
        Assert.Equal(6, result.Counts.SnapshotsRecorded);
        Assert.Contains(bed.Simulator.Requests.All, r => r.StatusCode == 429);
        Assert.Contains(bed.Simulator.Requests.All, r => r.StatusCode == 0);
        foreach (var organization in bed.OrganizationIds)
        {
            Assert.Equal(bed.Partner(p => ExpectedUsage.Of(p, organization)), ExpectedUsage.From(await bed.Host.QuantitiesAsync(CustomerKeys.ForOrganization(organization))));
        }
    }

    [Fact]
    public async Task AWrongKeyPairFailsTheRunWithAMessageThatNamesTheKeyProblem()
    {
        await using var bed = await DattoSyncBed.StartAsync();
        bed.Host.Credentials.Set(IntegrationHost.Tenant, DattoSyncBed.CredentialsOf(bed.Simulator) with { SecretKey = "not-the-secret" });

        var result = await bed.SyncAsync();

        Assert.Equal(DattoSyncOutcome.Failed, result.Outcome);
        Assert.Contains("401", result.FailureReason);
        Assert.Contains("key pair", result.FailureReason);
        var failed = Assert.IsType<SyncRunFailed>((await bed.RunsAsync()).Last());
        Assert.Equal((result.RunId, result.FailureReason), (failed.RunId, failed.Reason));
        Assert.DoesNotContain(await bed.Host.ReadAllAsync(), e => e.Stream.StartsWith("customer-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ATenantWithoutCredentialsFailsItsRunAndSaysSo()
    {
        await using var bed = await DattoSyncBed.StartAsync();

        var result = await bed.Host.DattoSync.SyncAsync(new SyncDattoUsage("msp-two", SyncDattoUsage.Triggers.OnDemand, "bob@msp.example"));

        Assert.Equal(DattoSyncOutcome.Failed, result.Outcome);
        Assert.Contains("no Datto API credentials", result.FailureReason);
        Assert.IsType<SyncRunFailed>((await bed.Host.ReadEventsAsync(StreamNames.SyncRuns("msp-two"))).Last());
    }

    [Fact]
    public async Task APersistentFaultOnOneDevicesAssetsNeverRecordsAFalseDrop()
    {
        await using var bed = await DattoSyncBed.StartAsync();
        await bed.SyncAsync();
        var (serial, organization) = bed.Partner(p => (p.Devices[6].SerialNumber, p.Devices[6].OrganizationId));
        var key = CustomerKeys.ForOrganization(organization);
        var before = await bed.Host.QuantitiesAsync(key);
        bed.Simulator.Faults.Add(DattoFault.Status($"/bcdr/device/{serial}/asset", 503));

        var result = await bed.SyncAsync();

        var after = await bed.Host.QuantitiesAsync(key);
        Assert.Equal(before.For(BillableService.PerAgent).Quantity, after.For(BillableService.PerAgent).Quantity);
        Assert.True(after.For(BillableService.PerAgent).Quantity > 0);
        Assert.Contains(result.Warnings, w => w.Kind == nameof(SyncWarningKind.AssetsUnreadable) && w.Subject == serial);
        var evidence = Assert.IsType<UsageObservedUnchanged>((await bed.Host.ReadEventsAsync(StreamNames.Customer(IntegrationHost.Tenant, key))).Last());
        Assert.Equal(result.RunId, evidence.SyncRunId);
        Assert.Contains(evidence.Warnings, w => w.Kind == SyncWarningKind.AssetsUnreadable && w.DeviceSerial == serial);
    }

    [Fact]
    public async Task SaasAndEndpointListsThatCannotBeReadKeepTheirLastKnownCounts()
    {
        await using var bed = await DattoSyncBed.StartAsync();
        await bed.SyncAsync();
        var organization = bed.Partner(p => p.SaasDomains[0].OrganizationId);
        var key = CustomerKeys.ForOrganization(organization);
        var before = await bed.Host.QuantitiesAsync(key);
        bed.Simulator.Faults.Add(DattoFault.Status("/saas/domains", 500));
        bed.Simulator.Faults.Add(DattoFault.Status("/dtc/assets", 500));

        var result = await bed.SyncAsync();

        var after = await bed.Host.QuantitiesAsync(key);
        Assert.Equal(DattoSyncOutcome.Completed, result.Outcome);
        Assert.True(before.For(BillableService.SaasSeats).Quantity > 0);
        Assert.Equal(before.For(BillableService.SaasSeats).Quantity, after.For(BillableService.SaasSeats).Quantity);
        Assert.Equal(before.For(BillableService.EndpointBackup).Quantity, after.For(BillableService.EndpointBackup).Quantity);
        Assert.Contains(result.Warnings, w => w.Subject.Contains("saas/domains", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SyncRequestsThatArriveWhileARunIsGoingShareThatRun()
    {
        var partner = DattoSyncBed.SmallPartner();
        await using var bed = await DattoSyncBed.StartAsync(partner);
        bed.Simulator.Faults.Add(DattoFault.Slow("/bcdr/device", TimeSpan.FromMilliseconds(500), times: 1));

        var results = await Task.WhenAll(bed.SyncAsync(), bed.SyncAsync());

        Assert.Equal(results[0].RunId, results[1].RunId);
        Assert.Equal(2, (await bed.RunsAsync()).Count);
    }

    private static async Task<decimal> Agents(DattoSyncBed bed, long organization) =>
        (await bed.Host.QuantitiesAsync(CustomerKeys.ForOrganization(organization))).For(BillableService.PerAgent).Quantity;
}
