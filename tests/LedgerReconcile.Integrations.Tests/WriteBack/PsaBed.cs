using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Psa;
using LedgerReconcile.Psa.Http;
using LedgerReconcile.Simulators.Psa;
using LedgerReconcile.Simulators.Psa.Autotask;
using LedgerReconcile.Simulators.Psa.ConnectWise;
using LedgerReconcile.Simulators.Psa.Halo;
using LedgerReconcile.Simulators.Psa.Syncro;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerReconcile.Integrations.Tests.WriteBack;

/// <summary>One PSA simulator, its adapter wired the way a host wires it, and the M365 line every test writes to.</summary>
public abstract class PsaBed : IAsyncDisposable
{
    /// <summary>Inside the simulators' seeded billing year (Autotask units exist April to September 2026).</summary>
    public static readonly DateOnly EffectiveDate = new(2026, 6, 1);

    public abstract PsaKind Kind { get; }

    public abstract string CompanyId { get; }

    public abstract PsaSimulator Simulator { get; }

    public abstract int AppliedWrites { get; }

    public abstract decimal Quantity { get; }

    public abstract void EditByHand(decimal quantity);

    public abstract void EditWhenNextWriteArrives(decimal quantity);

    public abstract Uri Address { get; }

    /// <summary>How this PSA's seed names the Microsoft 365 product of the line every test writes to.</summary>
    protected virtual string M365ProductCode => "M365-BP";

    public int WritesReceived => Simulator.WriteRequestsReceived;

    public static async Task<PsaBed> StartAsync(PsaKind kind) => kind switch
    {
        PsaKind.ConnectWise => new ConnectWiseBed(await ConnectWiseSimulator.StartAsync()),
        PsaKind.Autotask => new AutotaskBed(await AutotaskSimulator.StartAsync()),
        PsaKind.HaloPsa => new HaloBed(await HaloSimulator.StartAsync()),
        PsaKind.Syncro => new SyncroBed(await SyncroSimulator.StartAsync()),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Registers the adapter for the simulator at <paramref name="address"/> (also used by the crash child).</summary>
    public static void Register(IServiceCollection services, PsaKind kind, Uri address, TimeSpan attemptTimeout)
    {
        void Timings(PsaConnectionOptions o)
        {
            o.AttemptTimeout = attemptTimeout;
            o.TotalRequestTimeout = attemptTimeout * 4;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
            o.RateLimitedDelay = TimeSpan.FromMilliseconds(100);
            o.WriteRetryBaseDelay = TimeSpan.FromMilliseconds(20);
            o.MaxRetryAfter = TimeSpan.FromSeconds(5);
        }

        switch (kind)
        {
            case PsaKind.ConnectWise:
                var cw = new ConnectWiseSimulatorOptions();
                services.AddConnectWisePsa(o =>
                {
                    (o.BaseAddress, o.CompanyId, o.PublicKey, o.PrivateKey, o.ClientId) = (new Uri(address, $"{cw.Codebase}/apis/3.0/"), cw.CompanyId, cw.PublicKey, cw.PrivateKey, cw.ClientId);
                    Timings(o);
                });
                break;
            case PsaKind.Autotask:
                var at = new AutotaskSimulatorOptions();
                services.AddAutotaskPsa(o =>
                {
                    (o.ZoneLookupAddress, o.UserName, o.Secret, o.ApiIntegrationCode) = (new Uri(address, "atservicesrest/"), at.UserName, at.Secret, at.ApiIntegrationCode);
                    Timings(o);
                });
                break;
            case PsaKind.HaloPsa:
                var halo = new HaloSimulatorOptions();
                services.AddHaloPsa(o =>
                {
                    (o.BaseAddress, o.ClientId, o.ClientSecret) = (address, halo.ClientId, halo.ClientSecret);
                    Timings(o);
                });
                break;
            case PsaKind.Syncro:
                services.AddSyncroPsa(o =>
                {
                    (o.BaseAddress, o.ApiToken) = (new Uri(address, "api/v1/"), new SyncroSimulatorOptions().ApiToken);
                    Timings(o);
                });
                break;
        }
    }

    public static void WriteOnTheSimulatorsDate(LedgerIntegrationOptions options)
    {
        options.WriteEffectiveDate = (_, _) => EffectiveDate;
        options.UnknownOutcomeGrace = TimeSpan.Zero;
    }

    /// <summary>
    /// A customer whose Datto usage shows <paramref name="agents"/> agents, mapped to the PSA's M365 line (12 billed),
    /// with a proposal 12 -> <paramref name="agents"/>; approved by a person unless <paramref name="approve"/> is false.
    /// </summary>
    public async Task<Guid> ProposeAsync(IntegrationHost host, int agents = 15, bool approve = true)
    {
        await using var adapter = new ServiceCollection().AddLogging().Also(s => Register(s, Kind, Address, TimeSpan.FromSeconds(10))).BuildServiceProvider();
        var connector = adapter.GetRequiredService<IPsaConnector>();
        var line = (await connector.ListRecurringLinesAsync(CompanyId, EffectiveDate)).Single(l => l.ProductCode == M365ProductCode);
        LineRef = line.LineRef;

        const string person = "alice@msp.example";
        await host.SendAsync(new IngestUsageSnapshot(
            new CommandContext(IntegrationHost.Tenant, "system:datto-sync", "test", Guid.CreateVersion7()), "snap-1", "run-1", DateTimeOffset.UtcNow.AddMinutes(-1), Organization, "Acme Dental", null,
            [new SnapshotDevice("SIRIS1", "acme-siris", "S5-4", false, null, false, new SnapshotStorage(1, "TB"))],
            [.. Enumerable.Range(1, agents).Select(i => new SnapshotAsset("SIRIS1", $"vol-{i}", $"pc-{i}", "Agent", false, false, "Windows 11", null))],
            null, null, null));
        await host.SendAsync(new MapAccount(new CommandContext(IntegrationHost.Tenant, person, "test", Guid.CreateVersion7()), CustomerKey, Organization, "Acme Dental", Kind.ToString(), CompanyId, "Acme Dental", "agreement-1", null));
        await host.SendAsync(new MapService(new CommandContext(IntegrationHost.Tenant, person, "test", Guid.CreateVersion7()), CustomerKey, "PerAgent", null, line.LineRef, UnitRuleInput.Each, null, null));
        await host.SendAsync(new ObservePsaQuantity(new CommandContext(IntegrationHost.Tenant, "system:psa-sync", "test", Guid.CreateVersion7()), CustomerKey, line.LineRef, line.Quantity, line.ObservedAt));
        var proposalId = Guid.CreateVersion7();
        await host.SendAsync(new ProposeQuantityChange(new CommandContext(IntegrationHost.Tenant, "system:reconcile", "test", proposalId), CustomerKey, "PerAgent", null));
        if (approve)
        {
            await host.SendAsync(new ApproveQuantityChange(new CommandContext(IntegrationHost.Tenant, person, "test", Guid.CreateVersion7()), CustomerKey, proposalId, "agreed with the customer", EffectiveDate));
        }

        return proposalId;
    }

    public const long Organization = 4711;

    public static string CustomerKey => CustomerKeys.ForOrganization(Organization);

    public static string Stream => StreamNames.Customer(IntegrationHost.Tenant, CustomerKey);

    public string LineRef { get; private set; } = "";

    public static async Task<IReadOnlyList<CustomerEvent>> LedgerAsync(IntegrationHost host) =>
        (await host.ReadEventsAsync(Stream)).Cast<CustomerEvent>().ToList();

    public ValueTask DisposeAsync() => Simulator.DisposeAsync();

    private sealed class ConnectWiseBed(ConnectWiseSimulator psa) : PsaBed
    {
        public override PsaKind Kind => PsaKind.ConnectWise;
        public override string CompanyId => ConnectWiseSeed.Acme.ToString(System.Globalization.CultureInfo.InvariantCulture);
        public override PsaSimulator Simulator => psa;
        public override Uri Address => psa.BaseAddress;
        public override int AppliedWrites => psa.AppliedWrites(ConnectWiseSeed.AcmeM365);
        public override decimal Quantity => psa.Quantity(ConnectWiseSeed.AcmeM365) ?? 0;
        public override void EditByHand(decimal quantity) => psa.SetQuantity(ConnectWiseSeed.AcmeM365, quantity);
        public override void EditWhenNextWriteArrives(decimal quantity) => psa.EditWhenNextWriteArrives(ConnectWiseSeed.AcmeM365, quantity);
    }

    private sealed class AutotaskBed(AutotaskSimulator psa) : PsaBed
    {
        public override PsaKind Kind => PsaKind.Autotask;
        public override string CompanyId => AutotaskSeed.Acme.ToString(System.Globalization.CultureInfo.InvariantCulture);
        public override PsaSimulator Simulator => psa;
        public override Uri Address => psa.BaseAddress;
        public override int AppliedWrites => psa.AppliedWrites(AutotaskSeed.AcmeM365);
        public override decimal Quantity => psa.Units(AutotaskSeed.AcmeM365, EffectiveDate);
        public override void EditByHand(decimal quantity) => psa.SetUnits(AutotaskSeed.AcmeM365, EffectiveDate, (int)quantity);
        public override void EditWhenNextWriteArrives(decimal quantity) => psa.EditWhenNextWriteArrives(AutotaskSeed.AcmeM365, (int)quantity);
    }

    private sealed class HaloBed(HaloSimulator psa) : PsaBed
    {
        public override PsaKind Kind => PsaKind.HaloPsa;
        public override string CompanyId => HaloSeed.Acme.ToString(System.Globalization.CultureInfo.InvariantCulture);
        public override PsaSimulator Simulator => psa;
        public override Uri Address => psa.BaseAddress;
        public override int AppliedWrites => psa.AppliedWrites(HaloSeed.AcmeM365);
        public override decimal Quantity => psa.Quantity(HaloSeed.AcmeM365);
        public override void EditByHand(decimal quantity) => psa.SetQuantity(HaloSeed.AcmeM365, quantity);
        public override void EditWhenNextWriteArrives(decimal quantity) => psa.EditWhenNextWriteArrives(HaloSeed.AcmeM365, quantity);
    }

    private sealed class SyncroBed(SyncroSimulator psa) : PsaBed
    {
        public override PsaKind Kind => PsaKind.Syncro;
        public override string CompanyId => SyncroSeed.Acme.ToString(System.Globalization.CultureInfo.InvariantCulture);
        public override PsaSimulator Simulator => psa;
        public override Uri Address => psa.BaseAddress;
        public override int AppliedWrites => psa.AppliedWrites(SyncroSeed.AcmeM365);
        public override decimal Quantity => psa.Quantity(SyncroSeed.AcmeM365);
        protected override string M365ProductCode => "9001";
        public override void EditByHand(decimal quantity) => psa.SetQuantity(SyncroSeed.AcmeM365, quantity);
        public override void EditWhenNextWriteArrives(decimal quantity) => psa.EditWhenNextWriteArrives(SyncroSeed.AcmeM365, quantity);
    }
}

internal static class ServiceCollectionChaining
{
    public static IServiceCollection Also(this IServiceCollection services, Action<IServiceCollection> add)
    {
        add(services);
        return services;
    }
}
