using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.Mapping;

/// <summary>Every recurring line of one agreement as the PSA shows it today, each with the line reference to map.</summary>
public sealed record ListPsaAgreementLines(string Tenant, string Psa, string CompanyId, string AgreementId) : IQuery<IReadOnlyList<PsaLineEntry>>;

public sealed class ListPsaAgreementLinesValidator : AbstractValidator<ListPsaAgreementLines>
{
    public ListPsaAgreementLinesValidator()
    {
        RuleFor(q => q.Tenant).Must(StreamNames.IsValidTenant);
        RuleFor(q => q.Psa).IsOneOf<ListPsaAgreementLines, PsaKind>();
        RuleFor(q => q.CompanyId).Must(PsaIds.IsValid).WithMessage(PsaIds.Grammar);
        RuleFor(q => q.AgreementId).Must(PsaIds.IsValid).WithMessage(PsaIds.Grammar);
    }
}

public sealed class ListPsaAgreementLinesHandler(ITenantPsaDirectory psa, TimeProvider clock) : IQueryHandler<ListPsaAgreementLines, IReadOnlyList<PsaLineEntry>>
{
    public async ValueTask<IReadOnlyList<PsaLineEntry>> Handle(ListPsaAgreementLines query, CancellationToken cancellationToken) =>
        await psa.ListAgreementLinesAsync(
            query.Tenant,
            EnumText.Parse<PsaKind>(query.Psa),
            query.CompanyId,
            query.AgreementId,
            DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
            cancellationToken);
}
