using FluentValidation;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Tenants;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;

namespace LedgerReconcile.Application.Tests.Customers;

public class IngestUsageSnapshotTests
{
    private static readonly string Stream = StreamNames.Customer(LedgerHost.Tenant, Snapshots.CustomerKey);

    [Fact]
    public async Task BillableQuantitiesOfAMixedSnapshotFollowTheTenantPolicies()
    {
        await using var host = await LedgerHost.StartAsync();
        await host.SendAsync(Snapshots.Mixed());
        await host.SendAsync(new MapAccount(new CommandContext(LedgerHost.Tenant, Snapshots.Person, "corr-ui", Guid.CreateVersion7()), Snapshots.CustomerKey, null, "Acme Ltd", "ConnectWise", "cw-250", "Acme Limited", "agr-77", null));
        await host.SendAsync(new MapService(
            new CommandContext(LedgerHost.Tenant, Snapshots.Person, "corr-ui", Guid.CreateVersion7()), Snapshots.CustomerKey, "OffsiteStorage", null, "line-storage",
            new UnitRuleInput("Terabyte", 1024, "Up", 0.5m, 0m, 0m), new PriceInput(40m, "EUR"), null));

        var defaults = await host.SendAsync(new GetBillableQuantities(LedgerHost.Tenant, Snapshots.CustomerKey));

        Assert.Equal(3m, defaults.For(BillableService.PerDevice).Quantity);
        Assert.Equal(["NAS000003"], defaults.For(BillableService.PerDevice).NeedsDecision.Select(o => o.Asset.Id));
        Assert.Equal(4m, defaults.For(BillableService.PerAgent).Quantity);
        Assert.Equal(2, defaults.For(BillableService.PerAgent).NeedsDecision.Count);
        Assert.Equal(2.5m, defaults.For(BillableService.OffsiteStorage).Quantity);
        Assert.Equal(2m, defaults.For(BillableService.SaasSeats).Quantity);
        Assert.Equal(1m, defaults.For(BillableService.EndpointBackup).Quantity);

        foreach (var (policy, choice) in new[] { ("NasShares", "Count"), ("PausedAgents", "Exclude"), ("HiddenDevices", "Exclude"), ("ExpiredDevices", "Count") })
        {
            await host.SendAsync(new SetTenantCountingPolicy(new CommandContext(LedgerHost.Tenant, Snapshots.Person, "corr-ui", Guid.CreateVersion7()), policy, choice, "MSP billing policy 2025", null));
        }

        await host.SendAsync(new MapService(
            new CommandContext(LedgerHost.Tenant, Snapshots.Person, "corr-ui", Guid.CreateVersion7()), Snapshots.CustomerKey, "NasShares", null, "line-shares", UnitRuleInput.Each, new PriceInput(5m, "EUR"), null));
        host.Clock.Advance(TimeSpan.FromMinutes(1));

        var strict = await host.SendAsync(new GetBillableQuantities(LedgerHost.Tenant, Snapshots.CustomerKey));

        Assert.Equal(["NAS000003", "SIRIS0001", "SIRIS0004"], strict.For(BillableService.PerDevice).Counted.Select(o => o.Asset.Id).Order());
        Assert.Equal(3m, strict.For(BillableService.PerAgent).Quantity);
        Assert.Equal(2m, strict.For(BillableService.NasShares).Quantity);
        Assert.Equal(2.0m, strict.For(BillableService.OffsiteStorage).Quantity);
        Assert.Empty(strict.Services.SelectMany(s => s.NeedsDecision));
    }

    [Fact]
    public async Task ReingestingTheSameSnapshotAppendsNothing()
    {
        await using var host = await LedgerHost.StartAsync();
        var first = await host.SendAsync(Snapshots.Mixed());

        var again = await host.SendAsync(Snapshots.Mixed() with { Context = Snapshots.SyncContext() });

        Assert.Empty(again.Appended);
        Assert.Equal(first.Revision, again.Revision);
        Assert.Single(await host.ReadAsync(Stream));
    }

    [Fact]
    public async Task ALaterSnapshotWithTheSameContentIsStoredAsSmallEvidence()
    {
        await using var host = await LedgerHost.StartAsync();
        await host.SendAsync(Snapshots.Mixed());
        host.Clock.Advance(TimeSpan.FromDays(1));

        var later = await host.SendAsync(Snapshots.Mixed("run-2/4711", Snapshots.ObservedAt.AddDays(1)));

        Assert.Equal(["customer.usage_observed_unchanged.v1"], later.Appended);
        var stored = await host.ReadAsync(Stream);
        Assert.True(stored[1].Data.Length * 5 < stored[0].Data.Length, $"{stored[1].Data.Length} bytes of evidence against {stored[0].Data.Length}.");
        Assert.Equal(Snapshots.ObservedAt.AddDays(1), stored[1].OccurredAt);
    }

    [Fact]
    public async Task BadSnapshotsAreRefusedFieldByFieldAndNothingIsAppended()
    {
        await using var host = await LedgerHost.StartAsync();
        var headBefore = await host.Store.ReadHeadPositionAsync();
        var bad = Snapshots.Mixed() with
        {
            SnapshotId = "",
            Devices =
            [
                Snapshots.MixedDevices[0] with { SerialNumber = "" },
                Snapshots.MixedDevices[1] with { OffsiteStorageUsed = new SnapshotStorage(-5m, "GB") },
                Snapshots.MixedDevices[2] with { OffsiteStorageUsed = new SnapshotStorage(5m, "PB") },
                Snapshots.MixedDevices[3],
            ],
            Assets =
            [
                Snapshots.MixedAssets[3],
                Snapshots.MixedAssets[3] with { Name = "same volume again" },
                Snapshots.MixedAssets[4] with { Volume = "" },
                Snapshots.MixedAssets[5] with { Type = "nas" },
            ],
        };

        var refused = await Assert.ThrowsAsync<ValidationException>(() => host.SendAsync(bad));

        var fields = refused.Errors.Select(e => e.PropertyName).ToHashSet();
        Assert.Superset(
            new HashSet<string>
            {
                "SnapshotId",
                "Devices[0].SerialNumber",
                "Devices[1].OffsiteStorageUsed.Size",
                "Devices[2].OffsiteStorageUsed.Units",
                "Assets[0]",
                "Assets[1]",
                "Assets[2].Volume",
                "Assets[3].Type",
            },
            fields);
        Assert.Equal(headBefore, await host.Store.ReadHeadPositionAsync());
        Assert.Null(await host.Store.ReadStreamRevisionAsync(Stream));
    }

    [Fact]
    public async Task ASnapshotWithoutAnyCustomerKeyIsRefused()
    {
        await using var host = await LedgerHost.StartAsync();

        var refused = await Assert.ThrowsAsync<ValidationException>(() => host.SendAsync(Snapshots.Mixed() with { OrganizationId = null, ClientCompanyName = " - " }));

        Assert.Contains(refused.Errors, e => e.PropertyName == "ClientCompanyName");
        Assert.Equal(0, await host.Store.ReadHeadPositionAsync());
    }

    [Fact]
    public async Task AnOldPayloadWithoutOrganizationIdLandsOnTheNormalisedNameStream()
    {
        await using var host = await LedgerHost.StartAsync();

        var result = await host.SendAsync(Snapshots.Mixed() with { OrganizationId = null, ClientCompanyName = "ACME, Ltd." });

        Assert.Equal("customer-msp-one.name-acme-ltd", result.Stream);
    }

    // The size of the largest snapshot the 8 MB request limit admits: a rule that compares each device with every
    // other one makes this run for many seconds, so a quadratic regression shows here as a stalled test.
    [Fact]
    public async Task ASnapshotOf35000DevicesIsAccepted()
    {
        await using var host = await LedgerHost.StartAsync();
        var devices = Enumerable.Range(0, 35_000)
            .Select(i => new SnapshotDevice($"SER{i:D6}", $"device-{i}", "S5-4", Hidden: false, null, IsAzure: false, new SnapshotStorage(1m, "GB")))
            .ToList();
        var assets = devices.Select((d, i) => Snapshots.Agent(d.SerialNumber, $"vol{i:D6}", $"agent-{i}")).ToList();

        var result = await host.SendAsync(Snapshots.Mixed() with { Devices = devices, Assets = assets, SaasDomains = [], EndpointAgents = [] });

        Assert.Equal(["customer.usage_snapshot_recorded.v1"], result.Appended);
    }
}
