using LedgerReconcile.Application.Customers;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.Mapping;

/// <summary>The tenant's service templates, by PSA then product id; optionally of one PSA only.</summary>
public sealed record ListServiceTemplates(string Tenant, string? Psa) : IQuery<IReadOnlyList<ServiceTemplateView>>;

public sealed record ServiceTemplateView(string Psa, string ProductId, string Service, string? SeatType, UnitRuleInput UnitRule, PriceInput? UnitPrice)
{
    public static ServiceTemplateView From(ServiceTemplate template)
    {
        var rule = template.UnitRule;
        return new(
            template.Key.Psa.ToString(),
            template.Key.ProductId,
            template.Line.Service.ToString(),
            template.Line.SeatType,
            new UnitRuleInput(rule.Unit.ToString(), rule.Base, rule.Rounding.ToString(), rule.Step, rule.IncludedAllowance, rule.Minimum),
            template.UnitPrice is { } price ? new PriceInput(price.Amount, price.Currency) : null);
    }
}

public sealed class ListServiceTemplatesValidator : AbstractValidator<ListServiceTemplates>
{
    public ListServiceTemplatesValidator()
    {
        RuleFor(q => q.Tenant).Must(StreamNames.IsValidTenant);
        RuleFor(q => q.Psa!).IsOneOf<ListServiceTemplates, PsaKind>().When(q => q.Psa is not null);
    }
}

public sealed class ListServiceTemplatesHandler(TenantLedger tenants) : IQueryHandler<ListServiceTemplates, IReadOnlyList<ServiceTemplateView>>
{
    public async ValueTask<IReadOnlyList<ServiceTemplateView>> Handle(ListServiceTemplates query, CancellationToken cancellationToken)
    {
        var psa = query.Psa is null ? (PsaKind?)null : EnumText.Parse<PsaKind>(query.Psa);
        return [.. (await tenants.LoadAsync(query.Tenant, cancellationToken)).State.Templates.Values
            .Where(t => psa is null || t.Key.Psa == psa)
            .OrderBy(t => t.Key.Psa)
            .ThenBy(t => t.Key.ProductId.Length)
            .ThenBy(t => t.Key.ProductId, StringComparer.Ordinal)
            .Select(ServiceTemplateView.From)];
    }
}
