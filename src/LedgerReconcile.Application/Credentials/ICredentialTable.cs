namespace LedgerReconcile.Application.Credentials;

public sealed record CredentialRow(byte[] Ciphertext, string Fingerprint, DateTimeOffset ChangedAt);

/// <summary>One table of encrypted credentials in the store's database.</summary>
public interface ICredentialTable
{
    Task UpsertAsync(string tenant, string integration, byte[] ciphertext, string fingerprint, DateTimeOffset changedAt, CancellationToken ct);

    Task InsertIfAbsentAsync(string tenant, string integration, byte[] ciphertext, string fingerprint, DateTimeOffset changedAt, CancellationToken ct);

    Task<CredentialRow?> FindAsync(string tenant, string integration, CancellationToken ct);

    /// <summary>The tenants that have credentials for <paramref name="integration"/>.</summary>
    Task<IReadOnlyList<string>> ListTenantsAsync(string integration, CancellationToken ct);
}
