using LedgerReconcile.Domain.Customers;

namespace LedgerReconcile.Domain.Tenants;

public abstract partial record TenantEvent
{
    /// <summary>Lines carrying this PSA product are mapped to this Datto service with this unit rule (and price) from now on.</summary>
    public sealed record ServiceTemplateSet(
        PsaKind Psa,
        string ProductId,
        BillableService Service,
        string? SeatType,
        UnitRuleTerms UnitRule,
        Money? UnitPrice,
        string Actor,
        DateTimeOffset SetAt) : TenantEvent;

    /// <summary>Lines carrying this PSA product are no longer mapped by template; mappings already made stay.</summary>
    public sealed record ServiceTemplateRemoved(PsaKind Psa, string ProductId, string Reason, string Actor, DateTimeOffset RemovedAt) : TenantEvent;
}
