using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Application;
using LedgerReconcile.Application.Mapping;
using LedgerReconcile.Integrations.WriteBack;
using LedgerReconcile.Psa.Directory;

namespace LedgerReconcile.Integrations.Mapping;

/// <summary>The mapping assistant's view of a tenant's PSA, through the tenant's own connector (stored credentials).</summary>
public sealed class ConnectorPsaDirectory(IPsaConnectorSource connectors) : ITenantPsaDirectory
{
    public Task<IReadOnlyList<PsaCompanyEntry>> SearchCompaniesAsync(string tenant, PsaKind psa, string? nameContains, CancellationToken cancellationToken) =>
        ReadAsync(tenant, psa, cancellationToken, async directory =>
            (IReadOnlyList<PsaCompanyEntry>)[.. (await directory.SearchCompaniesAsync(nameContains, cancellationToken))
                .Select(c => new PsaCompanyEntry(c.Id, c.Name, c.IsActive, c.Identifier))]);

    public Task<IReadOnlyList<PsaAgreementEntry>> ListAgreementsAsync(string tenant, PsaKind psa, string companyId, CancellationToken cancellationToken) =>
        ReadAsync(tenant, psa, cancellationToken, async directory =>
            (IReadOnlyList<PsaAgreementEntry>)[.. (await directory.ListAgreementsAsync(companyId, null, cancellationToken))
                .Select(a => new PsaAgreementEntry(a.Id, a.Name, a.TypeName, a.IsActive, a.Status, a.StartDate, a.EndDate))]);

    public Task<IReadOnlyList<PsaLineEntry>> ListAgreementLinesAsync(
        string tenant, PsaKind psa, string companyId, string agreementId, DateOnly asOf, CancellationToken cancellationToken) =>
        ReadAsync(tenant, psa, cancellationToken, async directory =>
            (IReadOnlyList<PsaLineEntry>)[.. (await directory.ListAgreementLinesAsync(companyId, agreementId, asOf, cancellationToken))
                .Select(l => new PsaLineEntry(
                    l.LineRef, l.ProductId, l.Description, l.Quantity, l.UnitPrice, l.Billing == PsaBilling.Billable, l.Status.ToString(), l.EndDate, l.ReadOnlyReason))]);

    private async Task<T> ReadAsync<T>(string tenant, PsaKind psa, CancellationToken cancellationToken, Func<IPsaDirectory, Task<T>> read)
    {
        var connector = await connectors.GetAsync(tenant, psa, cancellationToken) ?? throw new PsaNotConnectedException(psa);
        try
        {
            return await read(connector);
        }
        catch (PsaException failure) when (failure.Kind == PsaFailureKind.NotFound)
        {
            throw new ResourceNotFoundException($"{psa} says: {failure.Message}");
        }
        catch (PsaException failure)
        {
            throw new PsaUnavailableException(psa, failure.Kind == PsaFailureKind.Transient, Reason(psa, failure), failure);
        }
    }

    private static string Reason(PsaKind psa, PsaException failure) => failure.Kind switch
    {
        PsaFailureKind.Unauthorized => $"it refused the stored credentials ({failure.Message}); check them with POST /api/integrations/{psa.ToString().ToLowerInvariant()}/test.",
        PsaFailureKind.Transient => "it did not answer in time or is busy (" + failure.Message + "); try again later.",
        _ => failure.Message,
    };
}
