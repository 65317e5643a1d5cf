using LedgerReconcile.Psa;
using LedgerReconcile.Psa.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerReconcile.Psa.Tests;

/// <summary>Real DI wiring of one adapter, with timings short enough for tests but still honoured.</summary>
internal sealed class PsaTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private PsaTestHost(ServiceProvider provider) => _provider = provider;

    public IPsaConnector Connector => _provider.GetRequiredService<IPsaConnector>();

    public static PsaTestHost Create(Action<IServiceCollection> register) => new(Build(register));

    public static void ShortenTimings(PsaConnectionOptions options)
    {
        // Long enough for a cold first request on a loaded 2-core machine, so only injected hangs time out.
        options.AttemptTimeout = TimeSpan.FromSeconds(3);
        options.TotalRequestTimeout = TimeSpan.FromSeconds(20);
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
        options.RateLimitedDelay = TimeSpan.FromMilliseconds(100);
        options.WriteRetryBaseDelay = TimeSpan.FromMilliseconds(20);
        options.MaxRetryAfter = TimeSpan.FromSeconds(5);
    }

    private static ServiceProvider Build(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        register(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
