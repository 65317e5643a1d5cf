using LedgerReconcile.EventStore.Postgres;
using LedgerReconcile.EventStore.Sqlite;

namespace LedgerReconcile.Host.Hosting;

/// <summary>
/// Which store the host runs on: the embedded SQLite file by default, PostgreSQL when a connection string is given
/// (configuration <c>Ledger:Postgres</c> or <c>--postgres</c>). A relative SQLite path is relative to the current
/// directory, as an operator reads <c>./data/ledger.db</c>.
/// </summary>
public sealed record StoreSettings(string SqlitePath, string? PostgresConnectionString)
{
    public const string DefaultSqlitePath = "./data/ledger.db";

    public bool UsesPostgres => !string.IsNullOrWhiteSpace(PostgresConnectionString);

    public string SqliteFullPath => Path.GetFullPath(SqlitePath, Environment.CurrentDirectory);

    public string Describe() => UsesPostgres ? "PostgreSQL" : $"SQLite file {SqliteFullPath}";

    public static StoreSettings From(IConfiguration configuration) => new(
        configuration["Ledger:Sqlite"] ?? DefaultSqlitePath,
        configuration["Ledger:Postgres"]);

    /// <summary>Registers the configured store adapter: its event store, read-model database and leases.</summary>
    public IServiceCollection AddStore(IServiceCollection services) =>
        UsesPostgres ? services.AddPostgresLedger(PostgresConnectionString!) : services.AddSqliteLedger(SqliteFullPath);
}
