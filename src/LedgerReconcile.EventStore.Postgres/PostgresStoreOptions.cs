namespace LedgerReconcile.EventStore.Postgres;

/// <summary>Where the PostgreSQL store keeps its tables.</summary>
/// <param name="ConnectionString">An Npgsql connection string; the user needs rights to create the schema on first open.</param>
public sealed record PostgresStoreOptions(string ConnectionString)
{
    /// <summary>The schema holding the store's tables; several stores can share a database under different schemas.</summary>
    public string Schema { get; init; } = "ledger";
}
