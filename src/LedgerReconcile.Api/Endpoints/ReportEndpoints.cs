using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Projections.Billing;

namespace LedgerReconcile.Api.Endpoints;

public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api").WithTags("Reconciliation")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        reports.MapGet("/discrepancies", DiscrepanciesAsync)
            .Read()
            .WithName("ListDiscrepancies")
            .WithSummary("List discrepancies between Datto and the PSA")
            .WithDescription(
                "Every service line not in sync, the largest money impact first (lines without a price last). Filter by " +
                "status (comma separated: UnderBilled, OverBilled, Unmapped, NeedsDecision, WritePending, WriteFailed; " +
                "InSync lists lines in sync) and service. From the billing read model.")
            .ProducesValidationProblem();

        reports.MapGet("/unmapped", UnmappedAsync)
            .Read()
            .WithName("ListUnmappedOrganizations")
            .WithSummary("List Datto organizations without an account mapping")
            .WithDescription("Organizations that report usage and are mapped to no PSA company: their usage is billed to nobody until someone maps them.");

        reports.MapGet("/attention", AttentionAsync)
            .Read()
            .WithName("ListAttentionItems")
            .WithSummary("List unmapped organizations and drift")
            .WithDescription(
                "Unmapped organizations, renames on either side, service lines left without an account mapping, and webhooks disabled " +
                "after failing deliveries (kind WebhookDisabled, no customer); filter with kind.")
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<Ok<IReadOnlyList<BillableLine>>> DiscrepanciesAsync(
        HttpContext http, BillingQueries billing, string? status, string? service, int? offset, int? limit, CancellationToken ct)
    {
        var rules = new QueryRules().Require(offset is null or >= 0, "offset", "'offset' cannot be negative.");
        var take = rules.Limit(limit, 100, 1000);
        var filter = ReportFilters.Discrepancies(rules, status, service);
        rules.ThrowIfInvalid();
        return TypedResults.Ok(await billing.ListDiscrepanciesAsync(
            http.User.Tenant(), filter.Statuses, filter.Service?.ToString(), offset ?? 0, take, ct));
    }

    private static async Task<Ok<IReadOnlyList<AttentionItem>>> UnmappedAsync(HttpContext http, BillingQueries billing, CancellationToken ct) =>
        TypedResults.Ok(await billing.ListAttentionAsync(http.User.Tenant(), AttentionKind.UnmappedOrganization, ct));

    private static async Task<Ok<IReadOnlyList<AttentionItem>>> AttentionAsync(HttpContext http, BillingQueries billing, IMediator mediator, string? kind, CancellationToken ct)
    {
        var rules = new QueryRules();
        var parsed = rules.Enum<AttentionKind>(kind, "kind");
        rules.ThrowIfInvalid();
        var tenant = http.User.Tenant();
        var items = parsed == AttentionKind.WebhookDisabled ? [] : await billing.ListAttentionAsync(tenant, parsed, ct);
        var webhooks = parsed is null or AttentionKind.WebhookDisabled
            ? WebhookViews.AttentionItems(await mediator.Send(new Application.Webhooks.ListWebhooks(tenant), ct))
            : [];
        return TypedResults.Ok<IReadOnlyList<AttentionItem>>([.. items, .. webhooks]);
    }
}
