using LedgerReconcile.Application.Credentials;
using LedgerReconcile.EventStore;
using LedgerReconcile.Projections.Storage;

namespace LedgerReconcile.Host.Hosting;

/// <summary>
/// The store adapter that <see cref="StoreSettings"/> names, registered in a container of its own when the store is
/// first resolved: the web test host applies its configuration only when the host is built, after the services are
/// registered, so the choice of adapter cannot be made at registration.
/// </summary>
public sealed class ConfiguredStore(ServiceProvider adapter) : IAsyncDisposable
{
    public static IServiceCollection Register(IServiceCollection services)
    {
        services.AddSingleton(sp => StoreSettings.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp =>
        {
            var adapter = new ServiceCollection().AddSingleton(sp.GetRequiredService<TimeProvider>());
            sp.GetRequiredService<StoreSettings>().AddStore(adapter);
            return new ConfiguredStore(adapter.BuildServiceProvider());
        });
        services.AddSingleton(sp => sp.GetRequiredService<ConfiguredStore>().Get<IEventStore>());
        services.AddSingleton(sp => sp.GetRequiredService<ConfiguredStore>().Get<IReadModelDatabase>());
        services.AddSingleton(sp => sp.GetRequiredService<ConfiguredStore>().Get<ICredentialTable>());
        return services;
    }

    private T Get<T>()
        where T : notnull => adapter.GetRequiredService<T>();

    public ValueTask DisposeAsync() => adapter.DisposeAsync();
}
