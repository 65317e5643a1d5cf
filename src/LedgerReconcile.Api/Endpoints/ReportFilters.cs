using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Exports;
using LedgerReconcile.Projections.Billing;

namespace LedgerReconcile.Api.Endpoints;

/// <summary>Filters a view and its export read the same way from the query string.</summary>
internal static class ReportFilters
{
    /// <summary>status: comma-separated <see cref="BillableStatus"/> names (none: everything not in sync); service: one <see cref="BillableService"/>.</summary>
    public static DiscrepancyFilter Discrepancies(QueryRules rules, string? status, string? service)
    {
        var statuses = (status ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => rules.Enum<BillableStatus>(s, "status"))
            .OfType<BillableStatus>()
            .ToList();
        var line = rules.Enum<BillableService>(service, "service");
        return new DiscrepancyFilter(statuses.Count > 0 ? statuses : null, line);
    }

    public static ExportFormat Format(QueryRules rules, string? format)
    {
        rules.Require(ExportFormats.TryParse(format, out var parsed), "format", "'format' is csv (the default) or json.");
        return parsed;
    }
}
