using LedgerReconcile.Integrations.Credentials;
using LedgerReconcile.Integrations.Datto;

namespace LedgerReconcile.Integrations.PsaRead;

/// <summary>Tenants with credentials for at least one PSA in the vault.</summary>
public sealed class VaultPsaReadTenants(CredentialVault vault) : IPsaReadTenants
{
    private static readonly Integration[] Psas = [Integration.ConnectWise, Integration.Autotask, Integration.HaloPsa, Integration.Syncro];

    public async Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken)
    {
        var tenants = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var psa in Psas)
        {
            tenants.UnionWith(await vault.ListTenantsAsync(psa, cancellationToken));
        }

        return [.. tenants];
    }
}

/// <summary>
/// Without a vault the PSA adapters registered in the container serve every tenant, so the tenants read are those the
/// host syncs with Datto: their customers are the only ones that can be mapped.
/// </summary>
public sealed class DattoSyncedPsaReadTenants(IDattoCredentialSource datto) : IPsaReadTenants
{
    public Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken) => datto.ListTenantsAsync(cancellationToken);
}
