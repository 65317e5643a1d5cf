using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerReconcile.Integrations.Credentials;

// One small private container per key, built from one version of its credentials, so each tenant keeps its own HTTP
// client, retries and limits. A key whose credentials change gets a fresh container and the old one is disposed.
internal sealed class CredentialScopedContainers<TKey>(IEqualityComparer<TKey>? comparer = null) : IAsyncDisposable
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, (string Fingerprint, ServiceProvider Services)> _containers = new(comparer);
    private readonly Lock _gate = new();

    public bool TryGetCurrent(TKey key, string fingerprint, [MaybeNullWhen(false)] out ServiceProvider services)
    {
        services = _containers.TryGetValue(key, out var known) && known.Fingerprint == fingerprint ? known.Services : null;
        return services is not null;
    }

    public ServiceProvider GetOrBuild(TKey key, string fingerprint, Func<ServiceProvider> build)
    {
        ServiceProvider services;
        ServiceProvider? retired;
        lock (_gate)
        {
            if (TryGetCurrent(key, fingerprint, out var current))
            {
                return current;
            }

            retired = _containers.TryGetValue(key, out var stale) ? stale.Services : null;
            services = build();
            _containers[key] = (fingerprint, services);
        }

        retired?.Dispose();
        return services;
    }

    public void Replace(TKey key, string fingerprint, ServiceProvider services)
    {
        ServiceProvider? retired = null;
        lock (_gate)
        {
            if (_containers.TryGetValue(key, out var current))
            {
                retired = current.Services;
            }

            _containers[key] = (fingerprint, services);
        }

        retired?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, entry) in _containers)
        {
            await entry.Services.DisposeAsync();
        }

        _containers.Clear();
    }
}
