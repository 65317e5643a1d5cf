using LedgerReconcile.Datto;
using LedgerReconcile.Integrations.Datto;

namespace LedgerReconcile.Integrations.Credentials;

/// <summary>The Datto sync's view of the credential vault: decrypted only for the run that asks, never logged.</summary>
public sealed class VaultDattoCredentialSource(CredentialVault vault) : IDattoCredentialSource
{
    public Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken) =>
        vault.ListTenantsAsync(Integration.Datto, cancellationToken);

    public async Task<DattoCredentials?> GetAsync(string tenant, CancellationToken cancellationToken) =>
        await vault.RevealAsync(tenant, Integration.Datto, cancellationToken) is { } values
            ? new DattoCredentials(
                values.TryGetValue("baseAddress", out var address) && !string.IsNullOrWhiteSpace(address) ? new Uri(address) : new Uri(DattoOptions.DefaultBaseAddress),
                values["publicKey"],
                values["secretKey"])
            : null;
}
