using LedgerReconcile.EventStore;
using LedgerReconcile.EventStore.Postgres;
using LedgerReconcile.EventStore.Sqlite;
using LedgerReconcile.Projections.Storage.Postgres;
using LedgerReconcile.Projections.Storage.Sqlite;

namespace LedgerReconcile.Projections.Storage;

/// <summary>Chooses the read-model storage that lives in the same database as the event store.</summary>
public static class ReadModelDatabases
{
    /// <summary>The read-model database beside <paramref name="store"/>.</summary>
    public static IReadModelDatabase For(IEventStore store, TimeProvider? time = null) => store switch
    {
        SqliteEventStore sqlite => new SqliteReadModelDatabase(sqlite.ConnectionString, time),
        PostgresEventStore postgres => new PostgresReadModelDatabase(postgres.DataSource, time),
        _ => throw new NotSupportedException(
            $"No read-model storage for {store.GetType().Name}: projections keep their rows in the store's own database."),
    };
}
