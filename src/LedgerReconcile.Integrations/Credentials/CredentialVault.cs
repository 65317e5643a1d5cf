using System.Security.Cryptography;
using System.Text.Json;
using LedgerReconcile.Application.Credentials;
using Microsoft.AspNetCore.DataProtection;

namespace LedgerReconcile.Integrations.Credentials;

/// <summary>The integrations whose credentials the ledger keeps.</summary>
public enum Integration
{
    Datto,
    ConnectWise,
    Autotask,
    HaloPsa,
    Syncro,
}

/// <summary>What may be said about stored credentials: never the secret, only that they exist and a fingerprint.</summary>
public sealed record CredentialStamp(string Tenant, Integration Integration, string Fingerprint, DateTimeOffset ChangedAt);

/// <summary>
/// Write-only credential storage. Values are encrypted with ASP.NET Core Data Protection (keys kept beside the data)
/// and stored outside the event streams; events only say that credentials changed and carry the fingerprint. The
/// fingerprint is an HMAC under an installation secret, so it identifies a credential without letting anyone test
/// guesses of a weak password against it.
/// </summary>
public sealed class CredentialVault(ICredentialTable table, IDataProtectionProvider protection)
{
    private const string Purpose = "LedgerReconcile.Credentials.v1";
    private const string FingerprintKeyName = "$fingerprint-key";

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    public async Task<CredentialStamp> StoreAsync(
        string tenant, Integration integration, IReadOnlyDictionary<string, string> values, DateTimeOffset now, CancellationToken ct)
    {
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(values.OrderBy(v => v.Key, StringComparer.Ordinal).ToDictionary());
        var fingerprint = await FingerprintAsync(plaintext, ct);
        var ciphertext = _protector.Protect(plaintext);
        CryptographicOperations.ZeroMemory(plaintext);
        await table.UpsertAsync(tenant, integration.ToString(), ciphertext, fingerprint, now, ct);
        return new CredentialStamp(tenant, integration, fingerprint, now);
    }

    public async Task<IReadOnlyDictionary<string, string>?> RevealAsync(string tenant, Integration integration, CancellationToken ct)
    {
        var row = await table.FindAsync(tenant, integration.ToString(), ct);
        return row is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(_protector.Unprotect(row.Ciphertext));
    }

    public async Task<CredentialStamp?> StampAsync(string tenant, Integration integration, CancellationToken ct)
    {
        var row = await table.FindAsync(tenant, integration.ToString(), ct);
        return row is null ? null : new CredentialStamp(tenant, integration, row.Fingerprint, row.ChangedAt);
    }

    public Task<IReadOnlyList<string>> ListTenantsAsync(Integration integration, CancellationToken ct) =>
        table.ListTenantsAsync(integration.ToString(), ct);

    private async Task<string> FingerprintAsync(byte[] plaintext, CancellationToken ct)
    {
        var key = await FingerprintKeyAsync(ct);
        var mac = HMACSHA256.HashData(key, plaintext);
        return "hmac-sha256:" + Convert.ToHexStringLower(mac.AsSpan(0, 8));
    }

    private async Task<byte[]> FingerprintKeyAsync(CancellationToken ct)
    {
        var existing = await table.FindAsync(FingerprintKeyName, FingerprintKeyName, ct);
        if (existing is not null)
        {
            return _protector.Unprotect(existing.Ciphertext);
        }

        var key = RandomNumberGenerator.GetBytes(32);
        await table.InsertIfAbsentAsync(FingerprintKeyName, FingerprintKeyName, _protector.Protect(key), "", DateTimeOffset.UnixEpoch, ct);
        var stored = await table.FindAsync(FingerprintKeyName, FingerprintKeyName, ct);
        return _protector.Unprotect(stored!.Ciphertext);
    }
}
