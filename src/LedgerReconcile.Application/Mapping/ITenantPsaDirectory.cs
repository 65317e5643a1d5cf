namespace LedgerReconcile.Application.Mapping;

/// <summary>
/// The application's port into a tenant's PSA, read-only: its companies, a company's agreements and an agreement's
/// recurring lines, through the tenant's own connection. The integrations adapter implements it over the PSA connectors.
/// </summary>
/// <exception cref="PsaNotConnectedException">The tenant has stored no credentials for that PSA.</exception>
/// <exception cref="PsaUnavailableException">The PSA could not be read (down, refusing our credentials, or answering nonsense).</exception>
public interface ITenantPsaDirectory
{
    Task<IReadOnlyList<PsaCompanyEntry>> SearchCompaniesAsync(string tenant, PsaKind psa, string? nameContains, CancellationToken cancellationToken);

    Task<IReadOnlyList<PsaAgreementEntry>> ListAgreementsAsync(string tenant, PsaKind psa, string companyId, CancellationToken cancellationToken);

    /// <exception cref="ResourceNotFoundException">The agreement does not exist or is not the company's.</exception>
    Task<IReadOnlyList<PsaLineEntry>> ListAgreementLinesAsync(
        string tenant, PsaKind psa, string companyId, string agreementId, DateOnly asOf, CancellationToken cancellationToken);
}

public sealed record PsaCompanyEntry(string Id, string Name, bool Active, string? Identifier);

public sealed record PsaAgreementEntry(string Id, string Name, string TypeName, bool Active, string Status, DateOnly? StartDate, DateOnly? EndDate);

/// <param name="LineRef">The reference to map a service to (<c>PUT /api/customers/{key}/services/{service}</c>), ready as is.</param>
/// <param name="Billable">False when the PSA says the line is not billed to the customer (ConnectWise <c>billCustomer</c>).</param>
/// <param name="Status">Active, Cancelled, Ended or Vanished.</param>
/// <param name="ReadOnlyReason">Why the ledger could not write this line's quantity, when it could not.</param>
public sealed record PsaLineEntry(
    string LineRef,
    string? ProductId,
    string Description,
    decimal Quantity,
    decimal UnitPrice,
    bool Billable,
    string Status,
    DateOnly? EndDate,
    string? ReadOnlyReason);

/// <summary>The tenant has no stored credentials for the PSA it asked about.</summary>
public sealed class PsaNotConnectedException(PsaKind psa)
    : Exception($"Your tenant has no {psa} connection: store its credentials (PUT /api/integrations/{psa.ToString().ToLowerInvariant()}/credentials) first.")
{
    public PsaKind Psa { get; } = psa;
}

/// <param name="Transient">True when trying again later may help (timeouts, rate limits, 5xx); false when a person must act.</param>
public sealed class PsaUnavailableException(PsaKind psa, bool transient, string reason, Exception? inner = null)
    : Exception($"{psa} could not be read: {reason}", inner)
{
    public PsaKind Psa { get; } = psa;

    public bool Transient { get; } = transient;
}

/// <summary>A host without PSA integrations: every tenant is without a PSA connection.</summary>
public sealed class NoPsaConnections : ITenantPsaDirectory
{
    public Task<IReadOnlyList<PsaCompanyEntry>> SearchCompaniesAsync(string tenant, PsaKind psa, string? nameContains, CancellationToken cancellationToken) =>
        throw new PsaNotConnectedException(psa);

    public Task<IReadOnlyList<PsaAgreementEntry>> ListAgreementsAsync(string tenant, PsaKind psa, string companyId, CancellationToken cancellationToken) =>
        throw new PsaNotConnectedException(psa);

    public Task<IReadOnlyList<PsaLineEntry>> ListAgreementLinesAsync(
        string tenant, PsaKind psa, string companyId, string agreementId, DateOnly asOf, CancellationToken cancellationToken) =>
        throw new PsaNotConnectedException(psa);
}
