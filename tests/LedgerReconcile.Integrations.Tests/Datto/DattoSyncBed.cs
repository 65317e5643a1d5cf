using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.SyncRuns;
using LedgerReconcile.Integrations.Datto;
using LedgerReconcile.Simulators.Datto;

namespace LedgerReconcile.Integrations.Tests.Datto;

/// <summary>The Datto simulator over loopback plus a ledger host whose tenant holds the simulator's key pair.</summary>
public sealed class DattoSyncBed : IAsyncDisposable
{
    private DattoSyncBed(DattoSimulator simulator, IntegrationHost host)
    {
        Simulator = simulator;
        Host = host;
    }

    public DattoSimulator Simulator { get; }

    public IntegrationHost Host { get; }

    public static DattoSimulatorOptions SmallPartner() => new()
    {
        OrganizationCount = 6,
        DevicesPerOrganization = 2,
        AgentsPerDevice = 3,
        SharesPerDevice = 1,
        DtcAssetsPerOrganization = 1,
        EndpointAgentsPerOrganization = 1,
        SaasDomainsPerOrganization = 0.5,
        SeatsPerDomain = 12,
    };

    public static async Task<DattoSyncBed> StartAsync(DattoSimulatorOptions? partner = null, Func<Task<IntegrationHost>>? host = null)
    {
        var simulator = await DattoSimulator.StartAsync(partner ?? SmallPartner());
        var ledger = await (host ?? (() => IntegrationHost.StartAsync()))();
        ledger.Credentials.Set(IntegrationHost.Tenant, CredentialsOf(simulator));
        // Every device counts in these tests, whatever its service period says, so the expected numbers stay simple.
        await ledger.SetTenantPolicyAsync(nameof(CountingPolicyKind.ExpiredDevices), nameof(CountingChoice.Count));
        return new DattoSyncBed(simulator, ledger);
    }

    public static DattoCredentials CredentialsOf(DattoSimulator simulator) =>
        new(simulator.BaseAddress, simulator.Options.PublicKey, simulator.Options.SecretKey);

    public Task<DattoSyncResult> SyncAsync(string trigger = SyncDattoUsage.Triggers.OnDemand) =>
        Host.DattoSync.SyncAsync(new SyncDattoUsage(IntegrationHost.Tenant, trigger, "alice@msp.example"));

    public T Partner<T>(Func<SimulatedPartner, T> read) => Simulator.Read(read);

    public IReadOnlyList<long> OrganizationIds => Partner(p => p.Organizations.Select(o => o.Id).ToList());

    public async Task<IReadOnlyList<SyncRunEvent>> RunsAsync() =>
        (await Host.ReadEventsAsync(StreamNames.SyncRuns(IntegrationHost.Tenant))).Cast<SyncRunEvent>().ToList();

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}

/// <summary>What a customer should be billed, worked out from the simulated partner independently of the client and the ledger.</summary>
public sealed record ExpectedUsage(int Devices, int Agents, int Shares, long OffsiteBytes, int EndpointAgents, int BillableSeats)
{
    private static readonly HashSet<string> BillableStates = ["Active", "Paused", "Archived"];

    private static readonly Dictionary<string, decimal> BytesPerUnit = new(StringComparer.OrdinalIgnoreCase)
    {
        ["B"] = 1, ["Bytes"] = 1, ["KB"] = 1024, ["KiB"] = 1024, ["MB"] = 1_048_576, ["MiB"] = 1_048_576,
        ["GB"] = 1_073_741_824, ["GiB"] = 1_073_741_824, ["TB"] = 1_099_511_627_776, ["TiB"] = 1_099_511_627_776,
    };

    public static ExpectedUsage Of(SimulatedPartner partner, long organizationId)
    {
        var devices = partner.Devices.Where(d => d.OrganizationId == organizationId).ToList();
        return new ExpectedUsage(
            devices.Count,
            devices.Sum(d => d.Assets.Count(a => a.Type == "agent" && !a.IsArchived && !a.IsPaused)),
            devices.Sum(d => d.Assets.Count(a => a.Type == "share")),
            devices.Sum(d => (long)decimal.Round(d.OffsiteStorage.Size * (d.OffsiteStorage.Units is null ? 1 : BytesPerUnit[d.OffsiteStorage.Units]), MidpointRounding.AwayFromZero)),
            partner.DtcAssets.Count(a => a.OrganizationId == organizationId) + partner.EndpointClients.Where(c => c.OrganizationId == organizationId).Sum(c => c.Agents.Count),
            partner.SaasDomains.Where(d => d.OrganizationId == organizationId).Sum(d => d.Seats.Count(s => s.Billable && BillableStates.Contains(s.SeatState))));
    }

    public static ExpectedUsage From(BillableUsage usage) =>
        new(
            (int)usage.For(BillableService.PerDevice).RawAmount,
            (int)usage.For(BillableService.PerAgent).RawAmount,
            usage.For(BillableService.PerAgent).NeedsDecision.Count,
            (long)usage.For(BillableService.OffsiteStorage).RawAmount,
            (int)usage.For(BillableService.EndpointBackup).RawAmount,
            (int)usage.For(BillableService.SaasSeats).RawAmount);
}
