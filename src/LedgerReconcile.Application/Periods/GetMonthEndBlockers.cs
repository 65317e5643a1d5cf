using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.Periods;

/// <summary>What would stop <see cref="Month"/> from closing now, without closing it.</summary>
public sealed record GetMonthEndBlockers(string Tenant, string Month) : IQuery<IReadOnlyList<CloseBlocker>>;

public sealed class GetMonthEndBlockersValidator : AbstractValidator<GetMonthEndBlockers>
{
    public GetMonthEndBlockersValidator()
    {
        RuleFor(q => q.Tenant).Must(StreamNames.IsValidTenant);
        RuleFor(q => q.Month).Must(m => ClosingMonth.TryParse(m, out _)).WithMessage("'Month' is a calendar month written yyyy-MM, e.g. 2026-11.");
    }
}

public sealed class GetMonthEndBlockersHandler(MonthEndBlockers blockers) : IQueryHandler<GetMonthEndBlockers, IReadOnlyList<CloseBlocker>>
{
    public async ValueTask<IReadOnlyList<CloseBlocker>> Handle(GetMonthEndBlockers query, CancellationToken cancellationToken) =>
        await blockers.FindAsync(query.Tenant, ClosingMonth.Parse(query.Month), cancellationToken);
}
