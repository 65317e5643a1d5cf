using LedgerReconcile.EventStore;
using LedgerReconcile.EventStore.Postgres;
using LedgerReconcile.EventStore.Sqlite;

namespace LedgerReconcile.Api.Hosting;

/// <summary>
/// Which store the host runs on: the embedded SQLite file by default, PostgreSQL when a connection string is given
/// (configuration <c>Ledger:Postgres</c> or <c>--postgres</c>).
/// </summary>
public sealed record StoreSettings(string SqlitePath, string? PostgresConnectionString)
{
    public const string DefaultSqlitePath = "./data/ledger.db";

    public bool UsesPostgres => !string.IsNullOrWhiteSpace(PostgresConnectionString);

    public string Describe() => UsesPostgres ? "PostgreSQL" : $"SQLite file {Path.GetFullPath(SqlitePath)}";

    public static StoreSettings From(IConfiguration configuration) => new(
        configuration["Ledger:Sqlite"] ?? DefaultSqlitePath,
        configuration["Ledger:Postgres"]);

    public async Task<IEventStore> OpenAsync(TimeProvider time, CancellationToken cancellationToken = default) =>
        UsesPostgres
            ? await PostgresEventStore.OpenAsync(new PostgresStoreOptions(PostgresConnectionString!), time, cancellationToken)
            : await SqliteEventStore.OpenAsync(new SqliteStoreOptions(SqlitePath), time, cancellationToken);
}
