using LedgerReconcile.Domain;

namespace LedgerReconcile.Application.Mapping;

/// <summary>
/// Unmapped first: every Datto organization with usage and no account mapping, with the PSA companies whose names are
/// most alike (see <see cref="NameSimilarity"/>), best first. An organization with no company alike enough is still
/// listed, with no candidates, so the unmapped count is never hidden.
/// </summary>
public sealed record SuggestAccountMappings(string Tenant, string Psa) : IQuery<AccountMappingSuggestions>;

public sealed record AccountMappingSuggestions(string Psa, int Unmapped, IReadOnlyList<AccountMappingSuggestion> Organizations);

public sealed record AccountMappingSuggestion(string CustomerKey, long? OrganizationId, string OrganizationName, IReadOnlyList<CompanyCandidate> Candidates);

public sealed record CompanyCandidate(string CompanyId, string CompanyName, bool Active, double Score, string Reason);

public sealed class SuggestAccountMappingsValidator : AbstractValidator<SuggestAccountMappings>
{
    public SuggestAccountMappingsValidator()
    {
        RuleFor(q => q.Tenant).Must(StreamNames.IsValidTenant);
        RuleFor(q => q.Psa).IsOneOf<SuggestAccountMappings, PsaKind>();
    }
}

public sealed class SuggestAccountMappingsHandler(CustomerDirectory directory, CustomerLedger customers, ITenantPsaDirectory psa)
    : IQueryHandler<SuggestAccountMappings, AccountMappingSuggestions>
{
    public const int CandidatesPerOrganization = 3;

    /// <summary>Below this, names share little more than chance letters; a candidate that weak only misleads.</summary>
    public const double LeastScore = 0.5;

    public async ValueTask<AccountMappingSuggestions> Handle(SuggestAccountMappings query, CancellationToken cancellationToken)
    {
        var kind = EnumText.Parse<PsaKind>(query.Psa);
        var unmapped = new List<(string CustomerKey, long? OrganizationId, string Name)>();
        foreach (var customerKey in await directory.CustomersAsync(query.Tenant, cancellationToken))
        {
            var state = (await customers.LoadAsync(query.Tenant, customerKey, cancellationToken)).State;
            if (state is { Usage: { } usage, Account: null })
            {
                unmapped.Add((customerKey, usage.Content.OrganizationId, state.DattoOrganizationName ?? usage.Content.OrganizationName));
            }
        }

        // The PSA is read only when there is something to suggest for, and then once.
        var companies = unmapped.Count == 0 ? [] : await psa.SearchCompaniesAsync(query.Tenant, kind, null, cancellationToken);
        var suggestions = unmapped
            .Select(o => new AccountMappingSuggestion(o.CustomerKey, o.OrganizationId, o.Name, Candidates(o.Name, companies)))
            .OrderByDescending(s => s.Candidates.Count > 0 ? s.Candidates[0].Score : 0)
            .ThenBy(s => s.OrganizationName, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return new AccountMappingSuggestions(kind.ToString(), suggestions.Count, suggestions);
    }

    private static IReadOnlyList<CompanyCandidate> Candidates(string organizationName, IReadOnlyList<PsaCompanyEntry> companies) =>
        [.. companies
            .Select(c => (Company: c, Match: NameSimilarity.Compare(organizationName, c.Name)))
            .Where(c => c.Match.Score >= LeastScore)
            .OrderByDescending(c => c.Match.Score)
            .ThenByDescending(c => c.Company.Active)
            .ThenBy(c => c.Company.Name, StringComparer.OrdinalIgnoreCase)
            .Take(CandidatesPerOrganization)
            .Select(c => new CompanyCandidate(c.Company.Id, c.Company.Name, c.Company.Active, c.Match.Score, c.Match.Reason))];
}
