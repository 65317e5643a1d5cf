using LedgerReconcile.Application.Credentials;
using LedgerReconcile.EventStore.Sqlite.Credentials;
using LedgerReconcile.EventStore.Sqlite.ReadModels;
using LedgerReconcile.Projections.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LedgerReconcile.EventStore.Sqlite;

/// <summary>Registers the embedded SQLite ledger: one file holds the events, the read models and the encrypted credentials; the leases are lock files beside it.</summary>
public static class SqliteLedgerServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IEventStore"/> on the SQLite file at <paramref name="path"/> (relative to the current
    /// directory), the <see cref="IReadModelDatabase"/> and the <see cref="ICredentialTable"/> in the same file; the
    /// read models' leases are file locks beside it.
    /// The file is opened, and created when missing, when the store is first resolved.
    /// </summary>
    public static IServiceCollection AddSqliteLedger(this IServiceCollection services, string path) =>
        services.AddSqliteLedger(new SqliteStoreOptions(path));

    /// <inheritdoc cref="AddSqliteLedger(IServiceCollection, string)" />
    public static IServiceCollection AddSqliteLedger(this IServiceCollection services, SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SqliteEventStore>(sp =>
            SqliteEventStore.OpenAsync(options, sp.GetRequiredService<TimeProvider>()).GetAwaiter().GetResult());
        services.AddSingleton<IEventStore>(sp => sp.GetRequiredService<SqliteEventStore>());
        services.AddSingleton<IReadModelDatabase>(sp =>
            new SqliteReadModelDatabase(sp.GetRequiredService<SqliteEventStore>().ConnectionString, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ICredentialTable>(sp => new SqliteCredentialTable(sp.GetRequiredService<SqliteEventStore>().ConnectionString));
        return services;
    }
}
