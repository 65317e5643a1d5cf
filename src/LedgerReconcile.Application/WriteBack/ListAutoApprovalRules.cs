using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.WriteBack;

/// <summary>
/// The tenant's auto-approval rules in force. A rule is named by its service line (<c>PerAgent</c>,
/// <c>SaasSeats/User</c>): there is at most one per line, and every auto-approval copies the rule's terms, line included.
/// </summary>
public sealed record ListAutoApprovalRules(string Tenant) : IQuery<IReadOnlyList<AutoApprovalRuleView>>;

public sealed record AutoApprovalRuleView(string RuleId, BillableService Service, string? SeatType, decimal MaxAbsoluteChange, decimal MaxPercentChange)
{
    public static AutoApprovalRuleView From(AutoApprovalRule rule) =>
        new(rule.Line().ToString(), rule.Service, rule.SeatType, rule.MaxAbsoluteChange, rule.MaxPercentChange);
}

public sealed class ListAutoApprovalRulesValidator : AbstractValidator<ListAutoApprovalRules>
{
    public ListAutoApprovalRulesValidator() => RuleFor(q => q.Tenant).Must(StreamNames.IsValidTenant);
}

public sealed class ListAutoApprovalRulesHandler(TenantLedger tenants) : IQueryHandler<ListAutoApprovalRules, IReadOnlyList<AutoApprovalRuleView>>
{
    public async ValueTask<IReadOnlyList<AutoApprovalRuleView>> Handle(ListAutoApprovalRules query, CancellationToken cancellationToken) =>
        [.. (await tenants.LoadAsync(query.Tenant, cancellationToken)).State.AutoApprovals.Values
            .OrderBy(r => r.Line().ToString(), StringComparer.Ordinal)
            .Select(AutoApprovalRuleView.From)];
}
