using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Integrations.Credentials;

namespace LedgerReconcile.Host.Cli.Demo;

/// <summary>One PSA simulator of the demo MSP on loopback, seeded with its share of the demo's companies.</summary>
public abstract class DemoPsa(PsaKind kind, Integration integration, IAsyncDisposable simulator) : IAsyncDisposable
{
    public PsaKind Kind => kind;

    public Integration Integration => integration;

    /// <summary>Where the simulator answers, for the console.</summary>
    public abstract Uri Address { get; }

    /// <summary>What an MSP would type into the credentials form for this PSA.</summary>
    public abstract IReadOnlyDictionary<string, string?> Credentials { get; }

    public static async Task<IReadOnlyList<DemoPsa>> StartAllAsync(IReadOnlyList<(PsaKind Psa, DemoCompany Company)> companies, CancellationToken ct)
    {
        IReadOnlyList<DemoCompany> On(PsaKind psa) => [.. companies.Where(c => c.Psa == psa).Select(c => c.Company)];
        return
        [
            await DemoConnectWise.StartAsync(On(PsaKind.ConnectWise), ct),
            await DemoAutotask.StartAsync(On(PsaKind.Autotask), ct),
            await DemoHalo.StartAsync(On(PsaKind.HaloPsa), ct),
            await DemoSyncro.StartAsync(On(PsaKind.Syncro), ct),
        ];
    }

    public ValueTask DisposeAsync() => simulator.DisposeAsync();
}
