using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Proposals;

namespace LedgerReconcile.Api.Endpoints;

/// <param name="ProductId">The PSA product to add; needed only when several of the tenant's templates bill the service.</param>
/// <param name="Quantity">Default: the billable quantity under the template's unit rule.</param>
/// <param name="EffectiveDate">When the line starts billing; default the 1st of next month.</param>
public sealed record LineAdditionRequest(string Service, string? SeatType, string? ProductId, decimal? Quantity, DateOnly? EffectiveDate);

/// <summary>What proposing a line addition did; <see cref="ProposalId"/> is what a decision names.</summary>
public sealed record LineAdditionAccepted(Guid ProposalId, string Stream, long? Revision, IReadOnlyList<string> Appended, bool Changed, string? Note);

public static class NewRevenueEndpoints
{
    public static IEndpointRouteBuilder MapNewRevenueEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reports/new-revenue", ListAsync)
            .Read()
            .WithTags("Reconciliation")
            .WithName("ListNewRevenue")
            .WithSummary("List billable Datto usage that no line of the mapped agreement bills")
            .WithDescription(
                "Per mapped customer, each service with billable usage and no mapped PSA line: the billable quantity, the tenant's " +
                "service template that would apply on that PSA (product, unit rule, price) and the monthly amount (quantity × price). " +
                "A service without a template is listed with the note 'no template' and no amount. The latest line addition " +
                "proposed for the service shows with its status (a failed one with the reason). Filters: customer, psa, service. " +
                "Read from the customer ledgers.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        app.MapCustomerGroup("Proposals").MapPost("/line-additions", ProposeAsync)
            .Write(Policies.ManageBilling)
            .WithName("ProposeLineAddition")
            .WithSummary("Propose adding a line for a billable service to the mapped agreement")
            .WithDescription(
                "New revenue: the line is the tenant's template product for the service on the customer's PSA, priced as the template " +
                "says. The proposal is decided with the other proposals (POST /api/proposals/decisions by its id; Approve or Reject) " +
                "and the write-back adds the line exactly once, then maps the service to it. Unknown customer 404; a service without " +
                "billable usage, without a template, or a product that is not one of its templates 422; a service already mapped or " +
                "an addition already open 409. Role: finance.")
            .WithRequestExample(new LineAdditionRequest("PerDevice", null, "9002", null, null))
            .WithResponseExample(new LineAdditionAccepted(
                Guid.Parse("0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1d"), "customer-demo-msp.org-4100", 8, ["customer.line_addition_proposed.v1"], true, null));
        return app;
    }

    private static async Task<Ok<IReadOnlyList<NewRevenueItem>>> ListAsync(
        HttpContext http, IMediator mediator, string? customer, string? psa, string? service, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListNewRevenue(http.User.Tenant(), new NewRevenueFilter(customer, psa, service)), ct));

    private static async Task<Ok<LineAdditionAccepted>> ProposeAsync(
        string customerKey, LineAdditionRequest body, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var context = http.CommandContext();
        var result = await mediator.Send(
            new ProposeLineAddition(context, customerKey, body.Service, body.SeatType, body.ProductId, body.Quantity, body.EffectiveDate), ct);
        ETags.Set(http, result.Revision);
        var accepted = CommandAccepted.From(result);
        return TypedResults.Ok(new LineAdditionAccepted(context.CommandId, accepted.Stream, accepted.Revision, accepted.Appended, accepted.Changed, accepted.Note));
    }
}
