using LedgerReconcile.Psa.Directory;

namespace LedgerReconcile.Psa.Autotask;

internal sealed partial class AutotaskConnector
{
    public override Task<IReadOnlyList<PsaCompany>> SearchCompaniesAsync(string? nameContains, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public override Task<IReadOnlyList<PsaAgreement>> ListAgreementsAsync(
        string companyId, IReadOnlyCollection<string>? types = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public override Task<IReadOnlyList<PsaLine>> ListAgreementLinesAsync(
        string companyId, string agreementId, DateOnly asOf, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public override Task<WriteAttempt> SendAdditionAsync(NewPsaLine line, string marker, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
