namespace LedgerReconcile.Psa.Directory;

/// <summary>
/// Read-only look into a PSA's companies, their agreements/contracts and every recurring line of one agreement, for
/// the PSA read sync and the mapping assistant. Lists are complete: the adapter pages through the PSA itself. Every
/// method sends reads only and throws <see cref="PsaException"/> when the PSA cannot be read (after retries).
/// </summary>
public interface IPsaDirectory
{
    PsaKind Kind { get; }

    /// <summary>Companies (ConnectWise companies, Autotask companies, Halo clients, Syncro customers) whose name contains
    /// <paramref name="nameContains"/> (case-insensitive); null or blank lists them all.</summary>
    Task<IReadOnlyList<PsaCompany>> SearchCompaniesAsync(string? nameContains, CancellationToken cancellationToken = default);

    /// <summary>
    /// The company's agreements (ConnectWise agreements, Autotask contracts, Halo recurring invoices, Syncro invoice
    /// schedules), active or not. <paramref name="types"/> keeps only agreements whose type id or name it names
    /// (case-insensitive); null or empty keeps all.
    /// </summary>
    Task<IReadOnlyList<PsaAgreement>> ListAgreementsAsync(
        string companyId, IReadOnlyCollection<string>? types = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every recurring line of one agreement as the PSA shows it for <paramref name="asOf"/>, cancelled and end-dated
    /// ones included with their <see cref="PsaLine.Status"/>, so a caller can tell a line that stopped from one that vanished.
    /// </summary>
    Task<IReadOnlyList<PsaLine>> ListAgreementLinesAsync(
        string companyId, string agreementId, DateOnly asOf, CancellationToken cancellationToken = default);
}

public sealed record PsaCompany(PsaKind Psa, string Id, string Name, bool IsActive, string? Identifier);

/// <summary>
/// One agreement/contract. <see cref="TypeId"/> and <see cref="TypeName"/> are the PSA's own (ConnectWise agreement
/// type, Autotask contractType, "Recurring invoice" on Halo, "Invoice schedule" on Syncro). Only active agreements count.
/// </summary>
public sealed record PsaAgreement(
    PsaKind Psa,
    string Id,
    string CompanyId,
    string Name,
    string? TypeId,
    string TypeName,
    bool IsActive,
    string Status,
    DateOnly? StartDate,
    DateOnly? EndDate)
{
    public bool HasType(IReadOnlyCollection<string>? types) => Domain.Tenants.AgreementTypes.Match(types, TypeId, TypeName);
}
