using LedgerReconcile.EventStore;
using LedgerReconcile.EventStore.Postgres;
using LedgerReconcile.EventStore.Postgres.ReadModels;
using LedgerReconcile.EventStore.Sqlite;
using LedgerReconcile.EventStore.Sqlite.ReadModels;
using LedgerReconcile.Projections.Storage;

namespace LedgerReconcile.Benchmarks.Harness;

// The harness opens stores directly (to compare engines side by side), so it picks the read-model database itself.
internal static class ReadModelStorage
{
    public static IReadModelDatabase Beside(IEventStore store, TimeProvider? time = null) => store switch
    {
        SqliteEventStore sqlite => new SqliteReadModelDatabase(sqlite.ConnectionString, time),
        PostgresEventStore postgres => new PostgresReadModelDatabase(postgres.DataSource, time),
        _ => throw new NotSupportedException($"No read-model storage for {store.GetType().Name}."),
    };
}
