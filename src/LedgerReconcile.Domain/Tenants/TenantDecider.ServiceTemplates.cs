using static LedgerReconcile.Domain.Tenants.TenantCommand;
using static LedgerReconcile.Domain.Tenants.TenantEvent;

namespace LedgerReconcile.Domain.Tenants;

public static partial class TenantDecider
{
    private static TenantEvent[] SetTemplate(SetServiceTemplate command, TenantState state)
    {
        var template = command.Template;
        if (!ServiceTemplateKey.IsProductId(template.Key.ProductId))
        {
            throw new RuleViolationException("service_template.invalid_product", ServiceTemplateKey.ProductIdGrammar);
        }

        if (template.UnitRule.Problem() is { } problem)
        {
            throw new RuleViolationException("service_template.invalid_unit_rule", problem);
        }

        // A template must be one a person could map by hand.
        ServiceLineRules.EnsureFits(template.Line, template.UnitRule);

        return state.Templates.TryGetValue(template.Key, out var current) && current == template
            ? []
            :
            [
                new ServiceTemplateSet(
                    template.Key.Psa,
                    template.Key.ProductId,
                    template.Line.Service,
                    template.Line.SeatType,
                    template.UnitRule.ToTerms(),
                    template.UnitPrice,
                    command.Actor,
                    command.Now),
            ];
    }

    private static TenantEvent[] RemoveTemplate(RemoveServiceTemplate command, TenantState state) =>
        state.Templates.ContainsKey(command.Key)
            ? [new ServiceTemplateRemoved(command.Key.Psa, command.Key.ProductId, command.Reason, command.Actor, command.Now)]
            : [];
}
