using LedgerReconcile.Domain;

namespace LedgerReconcile.Application.Mapping;

/// <summary>The tenant's PSA companies whose name contains <see cref="Search"/> (all when blank), by name.</summary>
public sealed record SearchPsaCompanies(string Tenant, string Psa, string? Search) : IQuery<IReadOnlyList<PsaCompanyEntry>>;

public sealed class SearchPsaCompaniesValidator : AbstractValidator<SearchPsaCompanies>
{
    public SearchPsaCompaniesValidator()
    {
        RuleFor(q => q.Tenant).Must(StreamNames.IsValidTenant);
        RuleFor(q => q.Psa).IsOneOf<SearchPsaCompanies, PsaKind>();
        RuleFor(q => q.Search).IsFreeText(LedgerRules.NameLength);
    }
}

public sealed class SearchPsaCompaniesHandler(ITenantPsaDirectory psa) : IQueryHandler<SearchPsaCompanies, IReadOnlyList<PsaCompanyEntry>>
{
    public async ValueTask<IReadOnlyList<PsaCompanyEntry>> Handle(SearchPsaCompanies query, CancellationToken cancellationToken) =>
        [.. (await psa.SearchCompaniesAsync(query.Tenant, EnumText.Parse<PsaKind>(query.Psa), query.Search?.Trim(), cancellationToken))
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.Id, StringComparer.Ordinal)];
}
