using System.Collections.Concurrent;
using LedgerReconcile.Integrations.WriteBack;
using LedgerReconcile.Psa;
using DomainPsaKind = LedgerReconcile.Domain.Billing.PsaKind;

namespace LedgerReconcile.Api.Integrations;

/// <summary>
/// Each tenant's PSA connector, built from the credentials in the vault in a small private container (its own HTTP
/// client, retries and limits). A tenant whose credentials change gets a fresh connector.
/// </summary>
public sealed class VaultPsaConnectorSource(CredentialVault vault, ILoggerFactory loggers) : IPsaConnectorSource, IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string Tenant, Integration Integration), (string Fingerprint, ServiceProvider Services)> _connectors = new();
    private readonly Lock _gate = new();

    public async ValueTask<IPsaConnector?> GetAsync(string tenant, DomainPsaKind psa, CancellationToken cancellationToken)
    {
        Integration? integration = psa switch
        {
            DomainPsaKind.ConnectWise => Integration.ConnectWise,
            DomainPsaKind.Autotask => Integration.Autotask,
            DomainPsaKind.HaloPsa => Integration.HaloPsa,
            DomainPsaKind.Syncro => Integration.Syncro,
            _ => null,
        };
        if (integration is not { } kind || await vault.StampAsync(tenant, kind, cancellationToken) is not { } stamp)
        {
            return null;
        }

        if (_connectors.TryGetValue((tenant, kind), out var known) && known.Fingerprint == stamp.Fingerprint)
        {
            return known.Services.GetRequiredService<IPsaConnector>();
        }

        var values = await vault.RevealAsync(tenant, kind, cancellationToken);
        if (values is null)
        {
            return null;
        }

        var services = new ServiceCollection();
        services.AddSingleton(loggers);
        services.AddLogging();
        IntegrationCredentials.AddPsa(services, kind, values);
        var provider = services.BuildServiceProvider();
        ServiceProvider? retired = null;
        lock (_gate)
        {
            if (_connectors.TryGetValue((tenant, kind), out var current))
            {
                retired = current.Services;
            }

            _connectors[(tenant, kind)] = (stamp.Fingerprint, provider);
        }

        retired?.Dispose();
        return provider.GetRequiredService<IPsaConnector>();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, entry) in _connectors)
        {
            await entry.Services.DisposeAsync();
        }

        _connectors.Clear();
    }
}
