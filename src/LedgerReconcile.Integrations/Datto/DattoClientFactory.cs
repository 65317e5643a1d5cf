using System.Security.Cryptography;
using System.Text;
using LedgerReconcile.Datto;
using LedgerReconcile.Integrations.Credentials;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerReconcile.Integrations.Datto;

/// <summary>
/// One Datto client per tenant, wired by the client's own <c>AddDattoClient</c> in a small private container, so each
/// tenant keeps its own rate limiter and circuit breaker. A tenant whose key pair changes gets a fresh client.
/// </summary>
public sealed class DattoClientFactory(IOptions<LedgerIntegrationOptions> options, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly CredentialScopedContainers<string> _clients = new(StringComparer.Ordinal);

    public DattoClient Create(string tenant, DattoCredentials credentials)
    {
        // The sync of one tenant is serialised, so nobody still uses the client of the old key pair when it is disposed.
        return _clients.GetOrBuild(tenant, Fingerprint(credentials), () => Build(credentials)).GetRequiredService<DattoClient>();
    }

    public ValueTask DisposeAsync() => _clients.DisposeAsync();

    private ServiceProvider Build(DattoCredentials credentials)
    {
        var services = new ServiceCollection();
        services.AddSingleton(loggers);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        // The HTTP pipeline (retries, rate limit, timeouts) waits on real time whatever clock the ledger runs on.
        services.AddSingleton(TimeProvider.System);
        services.AddDattoClient(o =>
        {
            o.BaseAddress = credentials.BaseAddress;
            o.PublicKey = credentials.PublicKey;
            o.SecretKey = credentials.SecretKey;
            options.Value.ConfigureDattoClient?.Invoke(o);
        });
        return services.BuildServiceProvider();
    }

    private static string Fingerprint(DattoCredentials credentials) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{credentials.BaseAddress}\n{credentials.PublicKey}\n{credentials.SecretKey}")));
}
