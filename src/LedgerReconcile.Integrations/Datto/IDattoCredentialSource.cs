namespace LedgerReconcile.Integrations.Datto;

/// <summary>
/// Where each tenant's Datto API key pair lives (the host keeps them in its encrypted vault). The sync asks for them
/// at the start of every run, so a rotated key is used from the next run on.
/// </summary>
public interface IDattoCredentialSource
{
    /// <summary>The tenants that have Datto credentials; the scheduled sync visits each of them.</summary>
    Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken);

    /// <summary>The tenant's credentials, or null when it has none.</summary>
    Task<DattoCredentials?> GetAsync(string tenant, CancellationToken cancellationToken);
}

/// <param name="BaseAddress">Normally https://api.datto.com/v1/.</param>
/// <param name="PublicKey">Sent as the Basic user name.</param>
/// <param name="SecretKey">Sent as the Basic password.</param>
public sealed record DattoCredentials(Uri BaseAddress, string PublicKey, string SecretKey)
{
    public override string ToString() => $"DattoCredentials {{ BaseAddress = {BaseAddress}, PublicKey = {PublicKey}, SecretKey = *** }}";
}
