using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.Mapping;

/// <summary>One PSA company's agreements/contracts, active or not, active first.</summary>
public sealed record ListPsaAgreements(string Tenant, string Psa, string CompanyId) : IQuery<IReadOnlyList<PsaAgreementEntry>>;

public sealed class ListPsaAgreementsValidator : AbstractValidator<ListPsaAgreements>
{
    public ListPsaAgreementsValidator()
    {
        RuleFor(q => q.Tenant).Must(StreamNames.IsValidTenant);
        RuleFor(q => q.Psa).IsOneOf<ListPsaAgreements, PsaKind>();
        RuleFor(q => q.CompanyId).Must(PsaIds.IsValid).WithMessage(PsaIds.Grammar);
    }
}

public sealed class ListPsaAgreementsHandler(ITenantPsaDirectory psa) : IQueryHandler<ListPsaAgreements, IReadOnlyList<PsaAgreementEntry>>
{
    public async ValueTask<IReadOnlyList<PsaAgreementEntry>> Handle(ListPsaAgreements query, CancellationToken cancellationToken) =>
        [.. (await psa.ListAgreementsAsync(query.Tenant, EnumText.Parse<PsaKind>(query.Psa), query.CompanyId, cancellationToken))
            .OrderByDescending(a => a.Active)
            .ThenBy(a => a.Name, StringComparer.OrdinalIgnoreCase)];
}
