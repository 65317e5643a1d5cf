using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain.Billing;

namespace LedgerReconcile.Integrations.PsaRead;

/// <summary>
/// One mapped customer as the PSA read needs it: where its account points, the PSA lines its services bill on and
/// whether the ledger holds each as billed (a vanished line keeps its flag).
/// </summary>
public sealed record MappedCustomer(string CustomerKey, AccountMapping Account, IReadOnlyDictionary<string, bool> LinesBilled);

/// <summary>A PSA company with every customer mapped to it: the company is read once however many customers map to it.</summary>
public sealed record MappedCompany(PsaKind Psa, string CompanyId, IReadOnlyList<MappedCustomer> Customers)
{
    public IReadOnlySet<string> AgreementIds { get; } = Customers.Select(c => c.Account.AgreementId).ToHashSet(StringComparer.Ordinal);

    public IReadOnlySet<string> PsaLineIds { get; } = Customers.SelectMany(c => c.LinesBilled.Keys).ToHashSet(StringComparer.Ordinal);
}

/// <summary>The tenant's mapped customers, read from each customer stream through the shared read path.</summary>
public sealed class MappedCustomers(CustomerDirectory directory, LedgerReader reader)
{
    public async Task<IReadOnlyList<MappedCompany>> CompaniesAsync(string tenant, CancellationToken cancellationToken)
    {
        var mapped = new List<MappedCustomer>();
        foreach (var customerKey in await directory.CustomersAsync(tenant, cancellationToken))
        {
            var state = (await reader.LoadAsync(StreamFolds.Customer, tenant, StreamNames.Customer(tenant, customerKey), FoldCut.Everything, cancellationToken)).State;
            if (state.Account is { } account)
            {
                mapped.Add(new MappedCustomer(customerKey, account, state.Services.Values.Select(s => s.PsaLineId).Distinct().ToDictionary(id => id, id => state.FactsOf(id).Billed, StringComparer.Ordinal)));
            }
        }

        return mapped
            .GroupBy(c => (c.Account.PsaKind, c.Account.PsaCompanyId))
            .Select(g => new MappedCompany(g.Key.PsaKind, g.Key.PsaCompanyId, [.. g]))
            .OrderBy(c => c.Psa).ThenBy(c => c.CompanyId, StringComparer.Ordinal)
            .ToList();
    }
}
