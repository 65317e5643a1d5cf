using LedgerReconcile.Exports;
using LedgerReconcile.Projections.Billing;

namespace LedgerReconcile.Api.Endpoints;

/// <summary>
/// Downloads of the views as CSV or JSON (<c>format=csv|json</c>, CSV by default), streamed row by row: the
/// tenant's under <c>/api/exports</c>, one customer's under <c>/api/customers/{customerKey}/exports</c>. Each takes
/// the filters of the view it exports and the view's roles. See ADR 24.
/// </summary>
public static class ExportEndpoints
{
    private const string FormatNote =
        " format=csv (default; a header row of snake_case columns, invariant numbers, ISO-8601 times with offset, text that " +
        "starts with = + - @ tab or CR prefixed with an apostrophe) or format=json (one array of objects with the same names). " +
        "Streamed as an attachment; bad filters are refused with a ProblemDetails before anything is written.";

    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/exports").WithTags("Exports")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesValidationProblem();

        tenant.MapGet("/discrepancies", Discrepancies)
            .Read()
            .WithName("ExportDiscrepancies")
            .WithSummary("Export the discrepancies")
            .WithDescription("Every service line not in sync, as GET /api/discrepancies lists it, with its filters status and service." + FormatNote)
            .ProducesExport();

        tenant.MapGet("/billable", TenantBillableState)
            .Read()
            .WithName("ExportBillableState")
            .WithSummary("Export what every customer could bill, at a point in time")
            .WithDescription("One row per customer and service at valid time asOf as known at knownAt (both default to now), as GET /api/customers/{customerKey}/billable folds it." + FormatNote)
            .ProducesExport();

        tenant.MapGet("/periods", TenantClosedPeriods)
            .Read()
            .WithName("ExportClosedPeriods")
            .WithSummary("Export every customer's closed billing periods")
            .WithDescription("Per period one 'line' row per service (invoiced and current quantity) and one 'correction' row per correction recorded after closing; optionally only period=ID." + FormatNote)
            .ProducesExport();

        var customer = app.MapCustomerGroup("Exports").ProducesValidationProblem();
        customer.MapGet("/exports/billable", CustomerBillableState)
            .Read()
            .WithName("ExportCustomerBillableState")
            .WithSummary("Export what a customer could bill, at a point in time")
            .WithDescription("The customer's billable quantities per service at valid time asOf as known at knownAt (both default to now), as GET /api/customers/{customerKey}/billable gives them." + FormatNote)
            .ProducesExport();

        customer.MapGet("/exports/history", CustomerHistory)
            .Read()
            .WithName("ExportAuditHistory")
            .WithSummary("Export a customer's audit history")
            .WithDescription("Every event of the customer, oldest first, with the filters of GET /api/customers/{customerKey}/history: kind, recordedFrom/recordedTo, validFrom/validTo." + FormatNote)
            .ProducesExport();

        customer.MapGet("/exports/periods", CustomerClosedPeriods)
            .Read()
            .WithName("ExportCustomerClosedPeriods")
            .WithSummary("Export a customer's closed billing periods")
            .WithDescription("The customer's closed periods as GET /api/customers/{customerKey}/periods gives them, a row per service line and per correction; period=ID for one (404 if it has none by that id)." + FormatNote)
            .ProducesExport();
        return app;
    }

    private static RouteHandlerBuilder ProducesExport(this RouteHandlerBuilder builder) =>
        builder.Produces(StatusCodes.Status200OK, contentType: "text/csv", additionalContentTypes: ["application/json"]);

    private static ExportResult Discrepancies(HttpContext http, LedgerExports exports, string? format, string? status, string? service)
    {
        var rules = new QueryRules();
        var parsed = ReportFilters.Format(rules, format);
        var filter = ReportFilters.Discrepancies(rules, status, service);
        rules.ThrowIfInvalid();
        return new ExportResult(exports.Discrepancies(http.User.Tenant(), filter), parsed);
    }

    private static ExportResult TenantBillableState(
        HttpContext http, LedgerExports exports, TimeProvider clock, string? format, DateTimeOffset? asOf, DateTimeOffset? knownAt) =>
        BillableState(http, exports, clock, null, format, asOf, knownAt);

    private static ExportResult CustomerBillableState(
        string customerKey, HttpContext http, LedgerExports exports, TimeProvider clock, string? format, DateTimeOffset? asOf, DateTimeOffset? knownAt) =>
        BillableState(http, exports, clock, customerKey, format, asOf, knownAt);

    private static ExportResult BillableState(
        HttpContext http, LedgerExports exports, TimeProvider clock, string? customerKey, string? format, DateTimeOffset? asOf, DateTimeOffset? knownAt)
    {
        var rules = new QueryRules();
        var parsed = ReportFilters.Format(rules, format);
        rules.ThrowIfInvalid();
        var now = clock.GetUtcNow();
        return new ExportResult(exports.BillableState(http.User.Tenant(), customerKey, asOf ?? now, knownAt ?? now), parsed);
    }

    private static ExportResult CustomerHistory(
        string customerKey, HttpContext http, LedgerExports exports, string? format, string? kind,
        DateTimeOffset? recordedFrom, DateTimeOffset? recordedTo, DateTimeOffset? validFrom, DateTimeOffset? validTo)
    {
        var rules = new QueryRules();
        var parsed = ReportFilters.Format(rules, format);
        rules.ThrowIfInvalid();
        var filter = new AuditHistoryFilter(AuditHistoryFilter.KindsFrom(kind), recordedFrom, recordedTo, validFrom, validTo);
        return new ExportResult(exports.CustomerHistory(http.User.Tenant(), customerKey, filter), parsed);
    }

    private static ExportResult TenantClosedPeriods(HttpContext http, LedgerExports exports, string? format, string? period)
    {
        var rules = new QueryRules();
        var parsed = ReportFilters.Format(rules, format);
        rules.ThrowIfInvalid();
        return new ExportResult(exports.ClosedPeriods(http.User.Tenant(), null, period), parsed);
    }

    private static async Task<ExportResult> CustomerClosedPeriods(
        string customerKey, HttpContext http, LedgerExports exports, BillingQueries billing, string? format, string? period, CancellationToken ct)
    {
        var rules = new QueryRules();
        var parsed = ReportFilters.Format(rules, format);
        rules.ThrowIfInvalid();
        var tenant = http.User.Tenant();
        if (period is not null && await billing.GetInvoiceAsync(tenant, customerKey, period, ct) is null)
        {
            throw new ResourceNotFoundException($"Customer '{customerKey}' has no closed period '{period}'.");
        }

        return new ExportResult(exports.ClosedPeriods(tenant, customerKey, period), parsed);
    }
}
