using LedgerReconcile.Application.Credentials;
using LedgerReconcile.EventStore.Postgres.Credentials;
using LedgerReconcile.EventStore.Postgres.ReadModels;
using LedgerReconcile.Projections.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LedgerReconcile.EventStore.Postgres;

/// <summary>Registers the PostgreSQL ledger: one database holds the events, the read models and the encrypted credentials; leases are advisory locks.</summary>
public static class PostgresLedgerServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IEventStore"/> on the PostgreSQL database of <paramref name="connectionString"/> and the
    /// <see cref="IReadModelDatabase"/> and the <see cref="ICredentialTable"/> in the same database; the read models'
    /// leases are advisory locks. The schema is created or
    /// migrated when the store is first resolved.
    /// </summary>
    public static IServiceCollection AddPostgresLedger(this IServiceCollection services, string connectionString) =>
        services.AddPostgresLedger(new PostgresStoreOptions(connectionString));

    /// <inheritdoc cref="AddPostgresLedger(IServiceCollection, string)" />
    public static IServiceCollection AddPostgresLedger(this IServiceCollection services, PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PostgresEventStore>(sp =>
            PostgresEventStore.OpenAsync(options, sp.GetRequiredService<TimeProvider>()).GetAwaiter().GetResult());
        services.AddSingleton<IEventStore>(sp => sp.GetRequiredService<PostgresEventStore>());
        services.AddSingleton<IReadModelDatabase>(sp =>
            new PostgresReadModelDatabase(sp.GetRequiredService<PostgresEventStore>().DataSource, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ICredentialTable>(sp => new PostgresCredentialTable(sp.GetRequiredService<PostgresEventStore>().DataSource, "ledger"));
        return services;
    }
}
