using LedgerReconcile.Application.Mapping;
using LedgerReconcile.Domain.Billing;

namespace LedgerReconcile.Application.Tests.Mapping;

/// <summary>A ConnectWise that answers from memory, for application tests; the API tests use the real simulators.</summary>
public sealed class FixedPsaDirectory : ITenantPsaDirectory
{
    public List<PsaCompanyEntry> Companies { get; } = [];

    public Dictionary<string, List<PsaAgreementEntry>> Agreements { get; } = [];

    public Dictionary<string, List<PsaLineEntry>> Lines { get; } = [];

    public int CompanyReads { get; private set; }

    public Task<IReadOnlyList<PsaCompanyEntry>> SearchCompaniesAsync(string tenant, PsaKind psa, string? nameContains, CancellationToken cancellationToken)
    {
        Connected(psa);
        CompanyReads++;
        return Task.FromResult<IReadOnlyList<PsaCompanyEntry>>(
            [.. Companies.Where(c => string.IsNullOrEmpty(nameContains) || c.Name.Contains(nameContains, StringComparison.OrdinalIgnoreCase))]);
    }

    public Task<IReadOnlyList<PsaAgreementEntry>> ListAgreementsAsync(string tenant, PsaKind psa, string companyId, CancellationToken cancellationToken)
    {
        Connected(psa);
        return Task.FromResult<IReadOnlyList<PsaAgreementEntry>>(Agreements.GetValueOrDefault(companyId) ?? []);
    }

    public Task<IReadOnlyList<PsaLineEntry>> ListAgreementLinesAsync(
        string tenant, PsaKind psa, string companyId, string agreementId, DateOnly asOf, CancellationToken cancellationToken)
    {
        Connected(psa);
        return Lines.TryGetValue(agreementId, out var lines)
            ? Task.FromResult<IReadOnlyList<PsaLineEntry>>(lines)
            : throw new ResourceNotFoundException($"No agreement {agreementId}.");
    }

    private static void Connected(PsaKind psa)
    {
        if (psa != PsaKind.ConnectWise)
            throw new PsaNotConnectedException(psa);
    }
}
