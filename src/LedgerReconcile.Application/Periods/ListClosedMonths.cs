using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.Periods;

public sealed record ListClosedMonths(string Tenant) : IQuery<IReadOnlyList<ClosedMonth>>;

public sealed class ListClosedMonthsValidator : AbstractValidator<ListClosedMonths>
{
    public ListClosedMonthsValidator() => RuleFor(q => q.Tenant).Must(StreamNames.IsValidTenant);
}

public sealed class ListClosedMonthsHandler(TenantLedger tenants) : IQueryHandler<ListClosedMonths, IReadOnlyList<ClosedMonth>>
{
    public async ValueTask<IReadOnlyList<ClosedMonth>> Handle(ListClosedMonths query, CancellationToken cancellationToken) =>
        [.. (await tenants.LoadAsync(query.Tenant, cancellationToken)).State.ClosedMonths.Values.OrderBy(m => m.Month, StringComparer.Ordinal)];
}
