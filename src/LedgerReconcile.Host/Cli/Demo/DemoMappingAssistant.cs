using System.Globalization;
using LedgerReconcile.Application;
using LedgerReconcile.Application.Mapping;
using LedgerReconcile.Domain.Billing;
using Mediator;

namespace LedgerReconcile.Host.Cli.Demo;

/// <summary>
/// What a finance person does with the mapping assistant: read the suggestions of every connected PSA, keep for each
/// organization the best company if its name is alike enough, take that company's active agreement, and confirm all
/// of them in one request (which also applies the service templates to the agreements' lines).
/// </summary>
public static class DemoMappingAssistant
{
    /// <summary>Below this a person would look twice; the demo leaves such organizations unmapped.</summary>
    public const double ConfirmFrom = 0.8;

    public static async Task MapAsync(IMediator mediator, CommandContext context, TextWriter log, CancellationToken ct)
    {
        var best = new Dictionary<string, (PsaKind Psa, CompanyCandidate Company)>(StringComparer.Ordinal);
        foreach (var psa in DemoCatalog.Psas)
        {
            var suggestions = await mediator.Send(new SuggestAccountMappings(context.Tenant, psa.ToString()), ct);
            foreach (var organization in suggestions.Organizations)
            {
                if (organization.Candidates.FirstOrDefault() is { Score: >= ConfirmFrom } candidate
                    && (!best.TryGetValue(organization.CustomerKey, out var known) || known.Company.Score < candidate.Score))
                {
                    best[organization.CustomerKey] = (psa, candidate);
                }
            }
        }

        var items = new List<AccountMappingConfirmation>();
        foreach (var (customer, (psa, company)) in best)
        {
            var agreements = await mediator.Send(new ListPsaAgreements(context.Tenant, psa.ToString(), company.CompanyId), ct);
            if (agreements.FirstOrDefault(a => a.Active) is { } agreement)
            {
                items.Add(new AccountMappingConfirmation(customer, psa.ToString(), company.CompanyId, agreement.Id, null));
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  Suggested: {customer} -> {psa} '{company.CompanyName}' (score {company.Score:0.00}), agreement '{agreement.Name}'."));
            }
        }

        if (items.Count == 0)
        {
            return;
        }

        var confirmed = await mediator.Send(new ConfirmAccountMappings(context, items), ct);
        foreach (var refused in confirmed.Items.Where(i => i.Outcome == Application.Proposals.ItemOutcome.Refused))
        {
            log.WriteLine($"  Not mapped: {refused.CustomerKey}: {refused.Code} {refused.Detail}");
        }

        log.WriteLine($"  Mapping assistant: {confirmed.Applied} account mappings confirmed in one request, {confirmed.Refused} refused.");
    }

    /// <summary>Organizations with usage still waiting for a PSA company, as the assistant counts them.</summary>
    public static async Task<int> UnmappedAsync(IMediator mediator, string tenant, CancellationToken ct) =>
        (await mediator.Send(new SuggestAccountMappings(tenant, DemoCatalog.Psas[0].ToString()), ct)).Unmapped;
}
