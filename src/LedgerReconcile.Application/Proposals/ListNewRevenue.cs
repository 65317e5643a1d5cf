using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.Proposals;

/// <summary>Which new revenue to list; every part is optional.</summary>
public sealed record NewRevenueFilter(string? CustomerKey = null, string? Psa = null, string? Service = null);

/// <summary>
/// New revenue: per mapped customer, each Datto service with billable usage that no line of the mapped agreement is
/// mapped to, what the tenant's service template for it on that PSA would bill, and any line addition proposed for it.
/// Read from the customer ledgers themselves (one fold per customer); a read model is issue 17's job.
/// </summary>
public sealed record ListNewRevenue(string Tenant, NewRevenueFilter Filter) : IQuery<IReadOnlyList<NewRevenueItem>>;

/// <param name="BillableQuantity">The billable quantity under <see cref="Template"/>'s unit rule, or the service's default rule without one.</param>
/// <param name="Template">The template that would apply: the only one for the service on this PSA, else the first by product id (see <see cref="Note"/>).</param>
/// <param name="MonthlyAmount">BillableQuantity × the template's unit price; null without a template or a price.</param>
/// <param name="Note">"no template", "template has no price" or "several templates: name the product"; null when the money is plain.</param>
/// <param name="Templates">Every template of the tenant for the service on this PSA, with what each would bill.</param>
/// <param name="Addition">The latest line addition proposed for the service, whatever became of it (a failed one says why).</param>
public sealed record NewRevenueItem(
    string CustomerKey,
    string? OrganizationName,
    PsaKind Psa,
    string PsaCompanyId,
    string PsaCompanyName,
    string AgreementId,
    BillableService Service,
    string? SeatType,
    int CountedAssets,
    decimal BillableQuantity,
    NewRevenueTemplate? Template,
    decimal? MonthlyAmount,
    string? Currency,
    string? Note,
    IReadOnlyList<NewRevenueTemplate> Templates,
    NewRevenueAddition? Addition);

public sealed record NewRevenueTemplate(string ProductId, UnitRuleTerms UnitRule, Money? UnitPrice, decimal Quantity, decimal? MonthlyAmount);

public sealed record NewRevenueAddition(Guid ProposalId, string Status, string ProductId, decimal Quantity, DateOnly EffectiveDate, string? PsaLineId, string? Error);

public sealed class ListNewRevenueValidator : AbstractValidator<ListNewRevenue>
{
    public ListNewRevenueValidator()
    {
        RuleFor(q => q.Tenant).Must(StreamNames.IsValidTenant);
        RuleFor(q => q.Filter).NotNull();
        RuleFor(q => q.Filter.CustomerKey).Must(k => k is null || CustomerKeys.IsValid(k)).WithMessage("A customer key is 'org-{organizationId}' or 'name-{normalised-name}'.");
        RuleFor(q => q.Filter.Psa).IsOptionalOneOf<ListNewRevenue, PsaKind>();
        RuleFor(q => q.Filter.Service).IsOptionalOneOf<ListNewRevenue, BillableService>();
    }
}

public sealed class ListNewRevenueHandler(CustomerDirectory directory, CustomerLedger customers, TenantLedger tenants)
    : IQueryHandler<ListNewRevenue, IReadOnlyList<NewRevenueItem>>
{
    public async ValueTask<IReadOnlyList<NewRevenueItem>> Handle(ListNewRevenue query, CancellationToken cancellationToken)
    {
        var tenant = (await tenants.LoadAsync(query.Tenant, cancellationToken)).State;
        var psa = EnumText.ParseOptional<PsaKind>(query.Filter.Psa);
        var service = EnumText.ParseOptional<BillableService>(query.Filter.Service);
        var keys = query.Filter.CustomerKey is { } only ? [only] : await directory.CustomersAsync(query.Tenant, cancellationToken);
        var items = new List<NewRevenueItem>();
        foreach (var customerKey in keys)
        {
            var state = (await customers.LoadAsync(query.Tenant, customerKey, cancellationToken)).State;
            if (state.Account is not { } account || (psa is not null && account.PsaKind != psa))
            {
                continue;
            }

            var unmapped = BillableQuantities.Compute(state, tenant.Policies).Services
                .Where(s => s.Mapping is null && s.Counted.Count > 0 && !state.Services.ContainsKey(s.Line))
                .Where(s => service is null || s.Line.Service == service);
            items.AddRange(unmapped.Select(s => ItemOf(customerKey, state, account, s, tenant)));
        }

        return items;
    }

    private static NewRevenueItem ItemOf(string customerKey, CustomerState state, AccountMapping account, ServiceQuantity usage, TenantState tenant)
    {
        var templates = tenant.Templates.Values
            .Where(t => t.Key.Psa == account.PsaKind && t.Line == usage.Line)
            .OrderBy(t => t.Key.ProductId, StringComparer.Ordinal)
            .Select(t => TemplateOf(t, usage.RawAmount))
            .ToList();
        var template = templates.FirstOrDefault();
        var note = templates.Count switch
        {
            0 => "no template",
            > 1 => "several templates: name the product",
            _ when template!.UnitPrice is null => "template has no price",
            _ => null,
        };
        var addition = state.LineAdditions.Values.Where(a => a.Line == usage.Line).MaxBy(a => a.ProposalId);
        return new NewRevenueItem(
            customerKey,
            state.DattoOrganizationName,
            account.PsaKind,
            account.PsaCompanyId,
            account.PsaCompanyName,
            account.AgreementId,
            usage.Line.Service,
            usage.Line.SeatType,
            usage.Counted.Count,
            template?.Quantity ?? usage.Quantity,
            template,
            template?.MonthlyAmount,
            template?.UnitPrice?.Currency,
            note,
            templates,
            addition is null
                ? null
                : new NewRevenueAddition(addition.ProposalId, addition.Status.ToString(), addition.ProductId, addition.Quantity, addition.EffectiveDate, addition.PsaLineId, addition.Error));
    }

    private static NewRevenueTemplate TemplateOf(ServiceTemplate template, decimal rawAmount)
    {
        var quantity = template.UnitRule.Quantity(rawAmount);
        return new NewRevenueTemplate(template.Key.ProductId, template.UnitRule.ToTerms(), template.UnitPrice, quantity, quantity * template.UnitPrice?.Amount);
    }
}
