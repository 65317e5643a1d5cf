using LedgerReconcile.Datto;
using LedgerReconcile.Datto.Usage;
using LedgerReconcile.Simulators.Datto;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerReconcile.Datto.Tests;

// The real client, wired the way the host wires it, against the simulator over loopback.
internal sealed class DattoTestbed : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private DattoTestbed(DattoSimulator simulator, ServiceProvider services)
    {
        Simulator = simulator;
        _services = services;
    }

    public DattoSimulator Simulator { get; }
    public DattoClient Client => _services.GetRequiredService<DattoClient>();

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

    public static async Task<DattoTestbed> StartAsync(DattoSimulatorOptions? partner = null, Action<DattoOptions>? tune = null)
    {
        var simulator = await DattoSimulator.StartAsync(partner ?? SmallPartner());
        var services = new ServiceCollection();
        services.AddDattoClient(options =>
        {
            options.BaseAddress = simulator.BaseAddress;
            options.PublicKey = simulator.Options.PublicKey;
            options.SecretKey = simulator.Options.SecretKey;
            // The production defaults (2 requests/s, 1 s backoff) would make every test take minutes.
            options.RequestsPerSecond = 1000;
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            options.MaxRetryDelay = TimeSpan.FromSeconds(5);
            options.MaxRetryAttempts = 3;
            options.AttemptTimeout = TimeSpan.FromSeconds(15);
            options.TotalRequestTimeout = TimeSpan.FromSeconds(60);
            options.SeatsTimeout = TimeSpan.FromSeconds(15);
            tune?.Invoke(options);
        });
        return new DattoTestbed(simulator, services.BuildServiceProvider());
    }

    public Task<DattoPartnerUsage> PullAsync() => Client.PullUsageAsync();

    public T Partner<T>(Func<SimulatedPartner, T> read) => Simulator.Read(read);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}

// Written out independently of the client so a wrong multiplier in the client fails a test.
internal static class ExpectedBytes
{
    private static readonly Dictionary<string, decimal> PerUnit = new(StringComparer.OrdinalIgnoreCase)
    {
        ["B"] = 1, ["Bytes"] = 1, ["KB"] = 1024, ["KiB"] = 1024, ["MB"] = 1_048_576, ["MiB"] = 1_048_576,
        ["GB"] = 1_073_741_824, ["GiB"] = 1_073_741_824, ["TB"] = 1_099_511_627_776, ["TiB"] = 1_099_511_627_776,
    };

    public static long Of(SimulatedStorage storage) =>
        (long)decimal.Round(storage.Size * (storage.Units is null ? 1 : PerUnit[storage.Units]), MidpointRounding.AwayFromZero);
}
