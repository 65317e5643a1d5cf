using Npgsql;

using LedgerReconcile.Application.Credentials;

namespace LedgerReconcile.EventStore.Postgres.Credentials;

public sealed class PostgresCredentialTable(NpgsqlDataSource dataSource, string schema) : ICredentialTable
{
    private int _created;

    public Task UpsertAsync(string tenant, string integration, byte[] ciphertext, string fingerprint, DateTimeOffset changedAt, CancellationToken ct) =>
        ExecuteAsync(
            $"""
            INSERT INTO {schema}.credentials (tenant, integration, ciphertext, fingerprint, changed_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (tenant, integration) DO UPDATE SET ciphertext = $3, fingerprint = $4, changed_at = $5
            """,
            tenant, integration, ciphertext, fingerprint, changedAt, ct);

    public Task InsertIfAbsentAsync(string tenant, string integration, byte[] ciphertext, string fingerprint, DateTimeOffset changedAt, CancellationToken ct) =>
        ExecuteAsync(
            $"INSERT INTO {schema}.credentials (tenant, integration, ciphertext, fingerprint, changed_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            tenant, integration, ciphertext, fingerprint, changedAt, ct);

    public async Task<CredentialRow?> FindAsync(string tenant, string integration, CancellationToken ct)
    {
        await EnsureTableAsync(ct);
        await using var command = dataSource.CreateCommand(
            $"SELECT ciphertext, fingerprint, changed_at FROM {schema}.credentials WHERE tenant = $1 AND integration = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = integration });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new CredentialRow((byte[])reader[0], reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2))
            : null;
    }

    public async Task<IReadOnlyList<string>> ListTenantsAsync(string integration, CancellationToken ct)
    {
        await EnsureTableAsync(ct);
        await using var command = dataSource.CreateCommand(
            $"SELECT tenant FROM {schema}.credentials WHERE integration = $1 AND tenant NOT LIKE '$%' ORDER BY tenant");
        command.Parameters.Add(new NpgsqlParameter { Value = integration });
        return await command.ReadRowsAsync(row => row.GetString(0), ct);
    }

    private async Task ExecuteAsync(string sql, string tenant, string integration, byte[] ciphertext, string fingerprint, DateTimeOffset changedAt, CancellationToken ct)
    {
        await EnsureTableAsync(ct);
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in new object[] { tenant, integration, ciphertext, fingerprint, changedAt.ToUniversalTime() })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task EnsureTableAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _created) == 1)
        {
            return;
        }

        await using var create = dataSource.CreateCommand(
            $"""
            CREATE TABLE IF NOT EXISTS {schema}.credentials (
                tenant text NOT NULL, integration text NOT NULL, ciphertext bytea NOT NULL,
                fingerprint text NOT NULL, changed_at timestamptz NOT NULL, PRIMARY KEY (tenant, integration))
            """);
        await create.ExecuteNonQueryAsync(ct);
        Volatile.Write(ref _created, 1);
    }
}
