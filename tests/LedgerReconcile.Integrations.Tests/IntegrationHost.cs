using System.Collections.Concurrent;
using LedgerReconcile.Application;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Datto;
using LedgerReconcile.EventStore;
using LedgerReconcile.EventStore.Postgres;
using LedgerReconcile.EventStore.Sqlite;
using LedgerReconcile.Integrations.Datto;
using LedgerReconcile.Testing;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerReconcile.Integrations.Tests;

/// <summary>
/// The ledger and its integrations wired as a host wires them: generated mediator, a real SQLite file (or a real
/// PostgreSQL database), the real Datto client per tenant. The clock is the system clock: the HTTP pipelines wait on
/// real time and the snapshots are observed at real time.
/// </summary>
public sealed class IntegrationHost : IAsyncDisposable
{
    public const string Tenant = "msp-one";

    private readonly ServiceProvider _services;
    private readonly Func<ValueTask> _dispose;

    private IntegrationHost(ServiceProvider services, IEventStore store, TenantCredentials credentials, Func<ValueTask> dispose)
    {
        _services = services;
        Store = store;
        Credentials = credentials;
        _dispose = dispose;
    }

    public IEventStore Store { get; }

    public TenantCredentials Credentials { get; }

    public IServiceProvider Services => _services;

    public DattoUsageSync DattoSync => _services.GetRequiredService<DattoUsageSync>();

    public static Task<IntegrationHost> StartAsync(Action<LedgerIntegrationOptions>? configure = null, Action<IServiceCollection>? services = null) =>
        StartOnSqliteAsync(Path.Combine(Path.GetTempPath(), "ledger-integration-tests", Guid.CreateVersion7().ToString("N")), configure, services);

    /// <summary>A host on the SQLite file in <paramref name="directory"/>; a second host on the same folder is a restart.</summary>
    public static async Task<IntegrationHost> StartOnSqliteAsync(string directory, Action<LedgerIntegrationOptions>? configure = null, Action<IServiceCollection>? services = null, bool deleteOnDispose = true)
    {
        var store = await SqliteEventStore.OpenAsync(new SqliteStoreOptions(Path.Combine(directory, "ledger.db")), TimeProvider.System);
        return Build(store, configure, services, async () =>
        {
            await store.DisposeAsync();
            if (deleteOnDispose)
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        });
    }

    public static async Task<IntegrationHost> StartOnPostgresAsync(Action<LedgerIntegrationOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var cluster = await PostgresCluster.SharedAsync();
        var connectionString = await cluster.CreateDatabaseAsync("integrations");
        var store = await PostgresEventStore.OpenAsync(new PostgresStoreOptions(connectionString), TimeProvider.System);
        return Build(store, configure, services, async () =>
        {
            await store.DisposeAsync();
            await cluster.DropDatabaseAsync(connectionString);
        });
    }

    private static IntegrationHost Build(IEventStore store, Action<LedgerIntegrationOptions>? configure, Action<IServiceCollection>? more, Func<ValueTask> dispose)
    {
        var credentials = new TenantCredentials();
        var services = new ServiceCollection();
        services.AddSingleton(store);
        services.AddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddLedgerApplication();
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(IgnoreAsset)];
        });
        services.AddSingleton<IDattoCredentialSource>(credentials);
        services.AddLedgerIntegrations(options =>
        {
            options.ConfigureDattoClient = FastDattoClient;
            configure?.Invoke(options);
        });
        more?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        return new IntegrationHost(provider, store, credentials, dispose);
    }

    // The production defaults (2 requests/s, 1 s backoff) would make every test take minutes.
    public static void FastDattoClient(DattoOptions options)
    {
        options.RequestsPerSecond = 1000;
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
        options.MaxRetryDelay = TimeSpan.FromSeconds(2);
        options.MaxRetryAttempts = 3;
        options.AttemptTimeout = TimeSpan.FromSeconds(15);
        options.TotalRequestTimeout = TimeSpan.FromSeconds(60);
        options.SeatsTimeout = TimeSpan.FromSeconds(15);
    }

    public async Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command) => await InScope(m => m.Send(command));

    public async Task<TResponse> SendAsync<TResponse>(IQuery<TResponse> query) => await InScope(m => m.Send(query));

    public Task<Domain.Billing.BillableUsage> QuantitiesAsync(string customerKey, string tenant = Tenant) =>
        SendAsync(new GetBillableQuantities(tenant, customerKey));

    public Task<CommandResult> SetTenantPolicyAsync(string policy, string choice, string tenant = Tenant) =>
        SendAsync(new Application.Tenants.SetTenantCountingPolicy(new CommandContext(tenant, "alice@msp.example", "test", Guid.CreateVersion7()), policy, choice, "test set-up", null));

    public async Task<IReadOnlyList<RecordedEvent>> ReadAsync(string stream)
    {
        var events = new List<RecordedEvent>();
        await foreach (var e in Store.ReadStreamAsync(stream, ReadDirection.Forwards, StreamRevision.Start))
        {
            events.Add(e);
        }

        return events;
    }

    public async Task<IReadOnlyList<object>> ReadEventsAsync(string stream) =>
        (await ReadAsync(stream)).Select(e => EventSerializer.Deserialize(e.Type, e.Data)).ToList();

    public async Task<IReadOnlyList<RecordedEvent>> ReadAllAsync()
    {
        var events = new List<RecordedEvent>();
        await foreach (var e in Store.ReadAllAsync(0))
        {
            events.Add(e);
        }

        return events;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _dispose();
    }

    private async Task<TResponse> InScope<TResponse>(Func<IMediator, ValueTask<TResponse>> send)
    {
        await using var scope = _services.CreateAsyncScope();
        return await send(scope.ServiceProvider.GetRequiredService<IMediator>());
    }
}

/// <summary>The tests' credential vault: a plain dictionary behind the same interface the API's encrypted vault implements.</summary>
public sealed class TenantCredentials : IDattoCredentialSource
{
    private readonly ConcurrentDictionary<string, DattoCredentials> _byTenant = new(StringComparer.Ordinal);

    public void Set(string tenant, DattoCredentials credentials) => _byTenant[tenant] = credentials;

    public Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(_byTenant.Keys.Order(StringComparer.Ordinal).ToList());

    public Task<DattoCredentials?> GetAsync(string tenant, CancellationToken cancellationToken) =>
        Task.FromResult(_byTenant.TryGetValue(tenant, out var credentials) ? credentials : null);
}
