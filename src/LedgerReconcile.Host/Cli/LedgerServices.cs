using LedgerReconcile.Host.Hosting;
using LedgerReconcile.EventStore;
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

    public static LedgerServices Open(CommandLineArguments arguments)
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(StoreOptions(arguments))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddLedger();
        services.AddLedgerBillingReadModels();
        var provider = services.BuildServiceProvider();
        return new LedgerServices(provider, provider.GetRequiredService<StoreSettings>());
    }

    /// <summary>--sqlite and --postgres as configuration; with neither, whatever the environment says, else the default file.</summary>
    public static Dictionary<string, string?> StoreOptions(CommandLineArguments arguments)
    {
        var options = new Dictionary<string, string?>();
        var sqlite = arguments.Option("sqlite");
        var postgres = arguments.Option("postgres");
        if (sqlite is not null && postgres is not null)
        {
            throw new UsageException("Give --sqlite or --postgres, not both.");
        }

        if (arguments.Flag("sqlite") && string.IsNullOrWhiteSpace(sqlite))
        {
            throw new UsageException("--sqlite needs a file path.");
        }

        if (arguments.Flag("postgres") && string.IsNullOrWhiteSpace(postgres))
        {
            throw new UsageException("--postgres needs a connection string.");
        }

        if (sqlite is not null)
        {
            options["Ledger:Sqlite"] = sqlite;
        }

        if (postgres is not null)
        {
            options["Ledger:Postgres"] = postgres;
        }

        return options;
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
