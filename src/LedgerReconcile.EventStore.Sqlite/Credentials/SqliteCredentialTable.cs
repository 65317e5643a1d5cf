using Microsoft.Data.Sqlite;

using LedgerReconcile.Application.Credentials;

namespace LedgerReconcile.EventStore.Sqlite.Credentials;

public sealed class SqliteCredentialTable(string connectionString) : ICredentialTable
{
    private int _created;

    public async Task UpsertAsync(string tenant, string integration, byte[] ciphertext, string fingerprint, DateTimeOffset changedAt, CancellationToken ct) =>
        await ExecuteAsync(
            """
            INSERT INTO credentials (tenant, integration, ciphertext, fingerprint, changed_at) VALUES ($t, $i, $c, $f, $at)
            ON CONFLICT (tenant, integration) DO UPDATE SET ciphertext = $c, fingerprint = $f, changed_at = $at
            """,
            tenant, integration, ciphertext, fingerprint, changedAt, ct);

    public async Task InsertIfAbsentAsync(string tenant, string integration, byte[] ciphertext, string fingerprint, DateTimeOffset changedAt, CancellationToken ct) =>
        await ExecuteAsync(
            "INSERT INTO credentials (tenant, integration, ciphertext, fingerprint, changed_at) VALUES ($t, $i, $c, $f, $at) ON CONFLICT DO NOTHING",
            tenant, integration, ciphertext, fingerprint, changedAt, ct);

    public async Task<CredentialRow?> FindAsync(string tenant, string integration, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT ciphertext, fingerprint, changed_at FROM credentials WHERE tenant = $t AND integration = $i";
        command.Parameters.AddWithValue("$t", tenant);
        command.Parameters.AddWithValue("$i", integration);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new CredentialRow((byte[])reader[0], reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)))
            : null;
    }

    public async Task<IReadOnlyList<string>> ListTenantsAsync(string integration, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT tenant FROM credentials WHERE integration = $i AND tenant NOT LIKE '$%' ORDER BY tenant";
        command.Parameters.AddWithValue("$i", integration);
        return await command.ReadRowsAsync(row => row.GetString(0), ct);
    }

    private async Task ExecuteAsync(string sql, string tenant, string integration, byte[] ciphertext, string fingerprint, DateTimeOffset changedAt, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$t", tenant);
        command.Parameters.AddWithValue("$i", integration);
        command.Parameters.AddWithValue("$c", ciphertext);
        command.Parameters.AddWithValue("$f", fingerprint);
        command.Parameters.AddWithValue("$at", changedAt.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        if (Volatile.Read(ref _created) == 0)
        {
            await using var create = connection.CreateCommand();
            create.CommandText =
                """
                CREATE TABLE IF NOT EXISTS credentials (
                    tenant TEXT NOT NULL, integration TEXT NOT NULL, ciphertext BLOB NOT NULL,
                    fingerprint TEXT NOT NULL, changed_at INTEGER NOT NULL, PRIMARY KEY (tenant, integration))
                """;
            await create.ExecuteNonQueryAsync(ct);
            Volatile.Write(ref _created, 1);
        }

        return connection;
    }
}
