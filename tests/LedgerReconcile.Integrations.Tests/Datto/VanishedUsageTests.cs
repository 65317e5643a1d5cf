using LedgerReconcile.Application;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.WriteBack;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Integrations.Datto;
using LedgerReconcile.Integrations.WriteBack;
using LedgerReconcile.Simulators.Datto;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Integrations.Tests.Datto;

/// <summary>
/// An organization whose devices all disappear from Datto, through real syncs against the simulator: billed as before
/// within the grace period (2 completed syncs and 3 days, the defaults), then not reported, proposed to 0 and held for a
/// person whatever the auto-approval rule says, and billed again when it comes back.
/// </summary>
public sealed class VanishedUsageTests
{
    private const string Person = "alice@msp.example";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnOrganizationGoneFromDattoIsNotReportedAfterTheGracePeriodAndBilledAgainWhenItReturns(bool onPostgres)
    {
        var clock = LedgerClock();
        await using var bed = await DattoSyncBed.StartAsync(host: () => onPostgres
            ? IntegrationHost.StartOnPostgresAsync(services: s => s.AddSingleton<TimeProvider>(clock))
            : IntegrationHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock)));
        await bed.Host.SetTenantPolicyAsync(nameof(CountingPolicyKind.HiddenDevices), nameof(CountingChoice.Count));
        Assert.Equal(DattoSyncOutcome.Completed, (await bed.SyncAsync()).Outcome);
        var withDevices = new List<(long Organization, decimal Devices)>();
        foreach (var organization in bed.OrganizationIds)
        {
            withDevices.Add((organization, (await bed.Host.QuantitiesAsync(CustomerKeys.ForOrganization(organization))).For(BillableService.PerDevice).Quantity));
        }

        var ((gone, devices), (stays, staysDevices)) = (withDevices.First(o => o.Devices > 0), withDevices.Last(o => o.Devices > 0));
        var goneKey = CustomerKeys.ForOrganization(gone);
        await MapDevicesAsync(bed.Host, gone, billed: devices);
        await MapDevicesAsync(bed.Host, stays, billed: staysDevices + 1);
        await bed.Host.SendAsync(new SetAutoApprovalPolicy(Context("test"), nameof(BillableService.PerDevice), null, 100, 1000, "any device change", null));
        var removed = Remove(bed.Simulator, gone);

        clock.Advance(TimeSpan.FromDays(4));
        bed.Simulator.Faults.Add(DattoFault.Status("/bcdr/device", 403, times: 1));
        Assert.Equal(DattoSyncOutcome.Failed, (await bed.SyncAsync()).Outcome);
        clock.Advance(TimeSpan.FromMinutes(5));
        var oneMissed = await bed.SyncAsync();

        // A failed run is not a missed sync: after it and one completed run the organization is still billed.
        Assert.Equal((DattoSyncOutcome.Completed, 0), (oneMissed.Outcome, oneMissed.NotReported.Count));
        Assert.Equal(devices, (await bed.Host.QuantitiesAsync(goneKey)).For(BillableService.PerDevice).Quantity);

        clock.Advance(TimeSpan.FromMinutes(5));
        var twoMissed = await bed.SyncAsync();

        Assert.Equal([goneKey], twoMissed.NotReported);
        var notReported = Assert.Single((await LedgerOf(bed.Host, goneKey)).OfType<UsageNotReported>());
        Assert.Equal((twoMissed.RunId, 2, 2, TimeSpan.FromDays(3)), (notReported.RunId, notReported.MissedSyncs, notReported.GraceSyncs, notReported.GraceAge));
        var billable = await bed.Host.QuantitiesAsync(goneKey);
        Assert.All(billable.Services, s => Assert.Equal(0m, s.Quantity));
        Assert.All(billable.For(BillableService.PerDevice).Ignored, a => Assert.StartsWith("Not reported by Datto since", a.Explanation, StringComparison.Ordinal));
        Assert.Equal(devices, billable.For(BillableService.PerDevice).Ignored.Count);
        Assert.Equal(staysDevices, (await bed.Host.QuantitiesAsync(CustomerKeys.ForOrganization(stays))).For(BillableService.PerDevice).Quantity);

        await bed.Host.SendAsync(new ReconcileTenant(Context("reconcile")));
        var toZero = Assert.Single(await PendingAsync(bed.Host, goneKey));
        Assert.Equal((devices, 0m), (toZero.From, toZero.To));

        await AutoApproveAsync(bed.Host, goneKey);
        await AutoApproveAsync(bed.Host, CustomerKeys.ForOrganization(stays));

        // The same rule approves the other customer's change, so only unreported usage holds this one for a person.
        Assert.Empty((await LedgerOf(bed.Host, goneKey)).OfType<QuantityChangeAutoApproved>());
        Assert.Equal(toZero.ProposalId, Assert.Single(await PendingAsync(bed.Host, goneKey)).ProposalId);
        Assert.Single((await LedgerOf(bed.Host, CustomerKeys.ForOrganization(stays))).OfType<QuantityChangeAutoApproved>());

        bed.Simulator.Mutate(removed);
        clock.Advance(TimeSpan.FromMinutes(5));
        var back = await bed.SyncAsync();

        Assert.Empty(back.NotReported);
        Assert.Equal(bed.Partner(p => ExpectedUsage.Of(p, gone)), ExpectedUsage.From(await bed.Host.QuantitiesAsync(goneKey)));
        Assert.Equal(devices, (await bed.Host.QuantitiesAsync(goneKey)).For(BillableService.PerDevice).Quantity);
        await bed.Host.SendAsync(new ReconcileTenant(Context("reconcile")));
        Assert.Empty(await PendingAsync(bed.Host, goneKey));
    }

    [Fact]
    public async Task ADeviceGoneFromItsOrganizationAndASaasDomainGoneFromASuccessfulReadStopCountingAtTheNextSync()
    {
        await using var bed = await DattoSyncBed.StartAsync();
        await bed.SyncAsync();
        var (device, domain) = bed.Partner(p => (
            p.Devices.GroupBy(d => d.OrganizationId).First(g => g.Count() > 1).First(),
            p.SaasDomains.First(d => p.Devices.Any(x => x.OrganizationId == d.OrganizationId))));
        var before = (await bed.Host.QuantitiesAsync(CustomerKeys.ForOrganization(device.OrganizationId))).For(BillableService.PerDevice).RawAmount;
        var seatsBefore = (await bed.Host.QuantitiesAsync(CustomerKeys.ForOrganization(domain.OrganizationId))).For(BillableService.SaasSeats).Counted.Count;
        bed.Simulator.Mutate(p =>
        {
            p.Devices.Remove(device);
            p.SaasDomains.Remove(domain);
        });

        var result = await bed.SyncAsync();

        Assert.Equal((DattoSyncOutcome.Completed, 0), (result.Outcome, result.Warnings.Count));
        var devices = (await bed.Host.QuantitiesAsync(CustomerKeys.ForOrganization(device.OrganizationId))).For(BillableService.PerDevice);
        Assert.Equal(before - 1, devices.RawAmount);
        Assert.DoesNotContain(devices.Counted.Concat(devices.Ignored).Concat(devices.NeedsDecision), a => a.Asset == AssetRef.Device(device.SerialNumber));
        var seats = (await bed.Host.QuantitiesAsync(CustomerKeys.ForOrganization(domain.OrganizationId))).For(BillableService.SaasSeats);
        Assert.True(seatsBefore > 0);
        Assert.DoesNotContain(
            seats.Counted.Concat(seats.Ignored).Concat(seats.NeedsDecision),
            a => a.Asset == AssetRef.SaasDomain(domain.SaasCustomerId) || a.Asset.Id.StartsWith($"{domain.SaasCustomerId}/", StringComparison.Ordinal));
        foreach (var organization in new[] { device.OrganizationId, domain.OrganizationId })
        {
            Assert.Equal(bed.Partner(p => ExpectedUsage.Of(p, organization)), ExpectedUsage.From(await bed.Host.QuantitiesAsync(CustomerKeys.ForOrganization(organization))));
        }
    }

    [Fact]
    public async Task AnOrganizationThatNeverHadUsageIsNotRecordedAsNotReported()
    {
        var clock = LedgerClock();
        await using var bed = await DattoSyncBed.StartAsync(host: () => IntegrationHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock)));
        const long mappedBeforeItsFirstDevice = 990_001;
        await bed.Host.SendAsync(new MapAccount(Context("test"), CustomerKeys.ForOrganization(mappedBeforeItsFirstDevice), mappedBeforeItsFirstDevice, "New Customer", "ConnectWise", "251", "New Customer", "agreement-2", null));

        for (var run = 0; run < 3; run++)
        {
            Assert.Empty((await bed.SyncAsync()).NotReported);
            clock.Advance(TimeSpan.FromDays(2));
        }

        Assert.Empty((await LedgerOf(bed.Host, CustomerKeys.ForOrganization(mappedBeforeItsFirstDevice))).OfType<UsageNotReported>());
    }

    // The stores stamp record time from the real clock; a ledger clock ahead of it keeps every record "known" to queries.
    private static FakeTimeProvider LedgerClock() => new(DateTimeOffset.UtcNow.AddHours(1));

    private static CommandContext Context(string correlation) => new(IntegrationHost.Tenant, Person, correlation, Guid.CreateVersion7());

    private static async Task MapDevicesAsync(IntegrationHost host, long organization, decimal billed)
    {
        var key = CustomerKeys.ForOrganization(organization);
        var line = $"cw:{organization}:77:4001";
        await host.SendAsync(new MapAccount(Context("test"), key, organization, $"Org {organization}", "ConnectWise", $"{organization}", $"Company {organization}", "agreement-1", null));
        await host.SendAsync(new MapService(Context("test"), key, nameof(BillableService.PerDevice), null, line, UnitRuleInput.Each, null, null));
        await host.SendAsync(new ObservePsaQuantity(Context("test"), key, line, billed, host.Services.GetRequiredService<TimeProvider>().GetUtcNow()));
    }

    // Removes everything of the organization from the simulated partner; the returned mutation puts it back.
    private static Action<SimulatedPartner> Remove(DattoSimulator simulator, long organization)
    {
        Action<SimulatedPartner> restore = _ => { };
        simulator.Mutate(p =>
        {
            var (orgs, devices, dtc, endpoint, saas) = (
                p.Organizations.Where(o => o.Id == organization).ToList(),
                p.Devices.Where(d => d.OrganizationId == organization).ToList(),
                p.DtcAssets.Where(a => a.OrganizationId == organization).ToList(),
                p.EndpointClients.Where(c => c.OrganizationId == organization).ToList(),
                p.SaasDomains.Where(d => d.OrganizationId == organization).ToList());
            p.Organizations.RemoveAll(orgs.Contains);
            p.Devices.RemoveAll(devices.Contains);
            p.DtcAssets.RemoveAll(dtc.Contains);
            p.EndpointClients.RemoveAll(endpoint.Contains);
            p.SaasDomains.RemoveAll(saas.Contains);
            restore = back =>
            {
                back.Organizations.AddRange(orgs);
                back.Devices.AddRange(devices);
                back.DtcAssets.AddRange(dtc);
                back.EndpointClients.AddRange(endpoint);
                back.SaasDomains.AddRange(saas);
            };
        });
        return restore;
    }

    private static async Task<IReadOnlyList<CustomerEvent>> LedgerOf(IntegrationHost host, string customerKey) =>
        (await host.ReadEventsAsync(StreamNames.Customer(IntegrationHost.Tenant, customerKey))).Cast<CustomerEvent>().ToList();

    private static async Task<CustomerState> StateOf(IntegrationHost host, string customerKey)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<CustomerLedger>().LoadAsync(IntegrationHost.Tenant, customerKey, CancellationToken.None)).State;
    }

    private static async Task<IReadOnlyList<QuantityProposal>> PendingAsync(IntegrationHost host, string customerKey) =>
        [.. (await StateOf(host, customerKey)).Proposals.Values.Where(p => p.Status == ProposalStatus.Pending)];

    private static async Task AutoApproveAsync(IntegrationHost host, string customerKey) =>
        await host.Services.GetRequiredService<AutoApprover>().ApproveCoveredAsync(IntegrationHost.Tenant, customerKey, await StateOf(host, customerKey), [], CancellationToken.None);
}
