using LedgerReconcile.Domain.Billing;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerReconcile.Integrations.WriteBack;

/// <summary>
/// The PSA connector to use for one tenant's writes. A multi-tenant host builds connectors from its vault; the default
/// (<see cref="RegisteredPsaConnectors"/>) uses the adapters registered in the container, keyed by PSA kind.
/// </summary>
public interface IPsaConnectorSource
{
    /// <summary>The connector, or null when the tenant has no connection to that PSA (its writes then wait).</summary>
    ValueTask<IPsaConnector?> GetAsync(string tenant, PsaKind psa, CancellationToken cancellationToken);
}

/// <summary>One set of PSA credentials for every tenant: the adapters added with <c>AddConnectWisePsa</c> and friends.</summary>
public sealed class RegisteredPsaConnectors(IServiceProvider services) : IPsaConnectorSource
{
    public ValueTask<IPsaConnector?> GetAsync(string tenant, PsaKind psa, CancellationToken cancellationToken) =>
        ValueTask.FromResult(services.GetKeyedService<IPsaConnector>(psa));
}
