using LedgerReconcile.EventStore;
using LedgerReconcile.Host.Hosting;
using LedgerReconcile.Projections;
using LedgerReconcile.Projections.Billing;
using LedgerReconcile.Projections.Running;

namespace LedgerReconcile.Host.Cli;

/// <summary>
/// The ledger without a web host, for the operator's verbs: the same composition as <c>serve</c> (store, command side,
/// read models), opened on <c>--sqlite PATH</c> (default ./data/ledger.db) or <c>--postgres CONNECTION</c>.
/// </summary>
public sealed class LedgerServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private LedgerServices(ServiceProvider provider, StoreSettings settings)
    {
        _provider = provider;
        Settings = settings;
    }

    public StoreSettings Settings { get; }

    public IServiceProvider Services => _provider;

    public IEventStore Store => _provider.GetRequiredService<IEventStore>();

    /// <summary>
    /// Opens the ledger on <paramref name="storeConfiguration"/> (from <see cref="StoreOptions"/>). A verb that only reads
    /// passes <paramref name="mustExist"/>, so that a mistyped path is refused instead of answered from a new empty file.
    /// </summary>
    public static LedgerServices Open(
        IReadOnlyDictionary<string, string?> storeConfiguration,
        bool mustExist = false,
        Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(storeConfiguration)
            .Build();
        var settings = StoreSettings.From(configuration);
        if (mustExist && !settings.UsesPostgres && !File.Exists(settings.SqliteFullPath))
        {
            throw new LedgerFailure($"there is no ledger at {settings.SqliteFullPath}; nothing was read or created.");
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddLedger();
        services.AddLedgerBillingReadModels();
        services.AddLedgerWebhookReadModels();
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        return new LedgerServices(provider, provider.GetRequiredService<StoreSettings>());
    }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>
    /// Brings the read models up to the store's head: runs the projection runner here until it has caught up (or waits
    /// for the one of a running server that holds the lease).
    /// </summary>
    public async Task CatchUpReadModelsAsync(TimeSpan timeout, CancellationToken ct)
    {
        var head = await Store.ReadHeadPositionAsync(ct);
        var runners = _provider.GetServices<IHostedService>().ToList();
        foreach (var runner in runners)
        {
            await runner.StartAsync(ct);
        }

        try
        {
            if (!await Get<ProjectionStatusReader>().WaitForPositionAsync(BillingProjection.ProjectionName, head, timeout, ct))
            {
                throw new TimeoutException($"The read models did not reach position {head} within {timeout.TotalSeconds:0} s; try 'ledger rebuild'.");
            }
        }
        finally
        {
            foreach (var runner in runners)
            {
                await runner.StopAsync(CancellationToken.None);
            }
        }
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
