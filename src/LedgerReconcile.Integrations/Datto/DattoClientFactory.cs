using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using LedgerReconcile.Datto;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerReconcile.Integrations.Datto;

/// <summary>
/// One Datto client per tenant, wired by the client's own <c>AddDattoClient</c> in a small private container, so each
/// tenant keeps its own rate limiter and circuit breaker. A tenant whose key pair changes gets a fresh client.
/// </summary>
public sealed class DattoClientFactory(IOptions<LedgerIntegrationOptions> options, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (string Fingerprint, ServiceProvider Services)> _clients = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public DattoClient Create(string tenant, DattoCredentials credentials)
    {
        var fingerprint = Fingerprint(credentials);
        ServiceProvider? retired = null;
        ServiceProvider services;
        lock (_gate)
        {
            if (_clients.TryGetValue(tenant, out var known) && known.Fingerprint == fingerprint)
            {
                return known.Services.GetRequiredService<DattoClient>();
            }

            retired = _clients.TryGetValue(tenant, out var stale) ? stale.Services : null;
            services = Build(credentials);
            _clients[tenant] = (fingerprint, services);
        }

        // The sync of one tenant is serialised, so nobody still uses the client of the old key pair.
        retired?.Dispose();
        return services.GetRequiredService<DattoClient>();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, entry) in _clients)
        {
            await entry.Services.DisposeAsync();
        }

        _clients.Clear();
    }

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
