using System.Collections.Concurrent;
using LedgerReconcile.Integrations.WriteBack;
using LedgerReconcile.Psa;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using LedgerReconcile.Domain.Billing;

namespace LedgerReconcile.Integrations.Credentials;

/// <summary>
/// Each tenant's PSA connector, built from the credentials in the vault in a small private container (its own HTTP
/// client, retries and limits). A tenant whose credentials change gets a fresh connector.
/// </summary>
public sealed class VaultPsaConnectorSource(CredentialVault vault, ILoggerFactory loggers) : IPsaConnectorSource, IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string Tenant, Integration Integration), (string Fingerprint, ServiceProvider Services)> _connectors = new();
    private readonly Lock _gate = new();

    public async ValueTask<IPsaConnector?> GetAsync(string tenant, PsaKind psa, CancellationToken cancellationToken)
    {
        Integration? integration = psa switch
        {
            PsaKind.ConnectWise => Integration.ConnectWise,
            PsaKind.Autotask => Integration.Autotask,
            PsaKind.HaloPsa => Integration.HaloPsa,
            PsaKind.Syncro => Integration.Syncro,
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
