using LedgerReconcile.Domain;

namespace LedgerReconcile.Application.Customers;

/// <summary>
/// What was billable at valid time <see cref="ValidAt"/> as the ledger knew it at <see cref="KnownAt"/> ("Oct 31 as
/// we knew it on Nov 3"); both default to now. Customer and tenant streams are folded with the same cut-off, so the
/// policies are the ones in force then too.
/// </summary>
public sealed record GetBillableQuantities(string Tenant, string CustomerKey, DateTimeOffset? ValidAt = null, DateTimeOffset? KnownAt = null)
    : IQuery<BillableUsage>;

public sealed class GetBillableQuantitiesValidator : AbstractValidator<GetBillableQuantities>
{
    public GetBillableQuantitiesValidator()
    {
        RuleFor(q => q.Tenant).Must(StreamNames.IsValidTenant);
        RuleFor(q => q.CustomerKey).Must(CustomerKeys.IsValid);
    }
}

public sealed class GetBillableQuantitiesHandler(CustomerLedger customers, TenantLedger tenants, TimeProvider clock)
    : IQueryHandler<GetBillableQuantities, BillableUsage>
{
    public async ValueTask<BillableUsage> Handle(GetBillableQuantities query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var validAt = query.ValidAt ?? now;
        var knownAt = query.KnownAt ?? now;
        var customer = await customers.LoadAsOfAsync(query.Tenant, query.CustomerKey, validAt, knownAt, cancellationToken);
        var tenant = await tenants.LoadAsOfAsync(query.Tenant, validAt, knownAt, cancellationToken);
        return BillableQuantities.Compute(customer.State, tenant.State.Policies);
    }
}
