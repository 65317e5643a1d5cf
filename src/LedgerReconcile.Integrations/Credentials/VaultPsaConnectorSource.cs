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
    private readonly CredentialScopedContainers<(string Tenant, Integration Integration)> _connectors = new();

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

        if (_connectors.TryGetCurrent((tenant, kind), stamp.Fingerprint, out var known))
        {
            return known.GetRequiredService<IPsaConnector>();
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
        _connectors.Replace((tenant, kind), stamp.Fingerprint, provider);
        return provider.GetRequiredService<IPsaConnector>();
    }

    public ValueTask DisposeAsync() => _connectors.DisposeAsync();
}
