using System.Security.Cryptography;
using System.Text;
using LedgerReconcile.Application.Credentials;
using LedgerReconcile.Application.Webhooks;
using Microsoft.AspNetCore.DataProtection;

namespace LedgerReconcile.Integrations.Webhooks;

/// <summary>
/// Webhook signing secrets in the credential table, encrypted with Data Protection under their own purpose, one row per
/// webhook (<c>webhook:{id}</c>). The fingerprint in the ledger is a hash prefix of the secret, enough to tell rotations apart.
/// </summary>
public sealed class WebhookSecretVault(ICredentialTable table, IDataProtectionProvider protection) : IWebhookSecrets
{
    private const string Purpose = "LedgerReconcile.WebhookSecrets.v1";
    private const string SecretPrefix = "whsec_";

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    public async Task<IssuedSecret> IssueAsync(string tenant, string webhookId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var secret = SecretPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var fingerprint = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)).AsSpan(0, 8));
        await table.UpsertAsync(tenant, RowName(webhookId), _protector.Protect(Encoding.UTF8.GetBytes(secret)), fingerprint, now, cancellationToken);
        return new IssuedSecret(secret, fingerprint);
    }

    public async Task<string?> RevealAsync(string tenant, string webhookId, CancellationToken cancellationToken) =>
        await table.FindAsync(tenant, RowName(webhookId), cancellationToken) is { } row ? Encoding.UTF8.GetString(_protector.Unprotect(row.Ciphertext)) : null;

    private static string RowName(string webhookId) => "webhook:" + webhookId;
}
