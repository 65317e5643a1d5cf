using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Customers;

namespace LedgerReconcile.Api.Endpoints;

public sealed record ProposeRequest(string Service, string? SeatType);

/// <summary>
/// A proposal's id is needed to approve or reject it; null when nothing was proposed: nothing differed, or the line is
/// blocked (assets waiting for a decision, a PSA line that ended or is not billed) and <c>appended</c> says so.
/// </summary>
public sealed record ProposalCreated(Guid? ProposalId, string Stream, long? Revision, IReadOnlyList<string> Appended);

/// <param name="EffectiveDate">When the change takes effect on the PSA; default the 1st of next month (MSPs bill in advance).</param>
public sealed record ApproveRequest(string? Note, DateOnly? EffectiveDate = null);

public sealed record RejectRequest(string Reason);

public static class ProposalEndpoints
{
    public static IEndpointRouteBuilder MapProposalEndpoints(this IEndpointRouteBuilder app)
    {
        var customer = app.MapCustomerGroup("Proposals");

        customer.MapPost("/proposals", ProposeAsync)
            .Write(Policies.ManageBilling)
            .WithName("ProposeQuantityChange")
            .WithSummary("Propose a PSA quantity change for one service")
            .WithDescription(
                "Compares the billable quantity of the service with what its PSA line was last seen billing and, when they " +
                "differ, records a proposal with its basis (snapshot, unit rule, policies in force, assets counted). " +
                "Nothing is written to the PSA until the proposal is approved and dispatched. Role: finance.")
            .WithRequestExample(new ProposeRequest("PerAgent", null))
            .WithResponseExample(new ProposalCreated(Guid.Parse("0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b"), "customer-demo-msp.org-4100", 8, ["customer.quantity_change_proposed.v1"]));

        customer.MapPost("/proposals/{proposalId:guid}/approve", (string customerKey, Guid proposalId, ApproveRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                http.SendAsync(m, c => new ApproveQuantityChange(c, customerKey, proposalId, body.Note, body.EffectiveDate), ct))
            .Write(Policies.ManageBilling)
            .WithName("ApproveQuantityChange")
            .WithSummary("Approve a proposed PSA quantity change")
            .WithDescription("Approves the change for write-back; the dispatcher re-reads the PSA line first and stops if someone edited it by hand. Role: finance.")
            .WithRequestExample(new ApproveRequest("Matches the customer's new server count"))
            .WithResponseExample(CommandAccepted.Example("customer.quantity_change_approved.v1"));

        customer.MapPost("/proposals/{proposalId:guid}/reject", (string customerKey, Guid proposalId, RejectRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                http.SendAsync(m, c => new RejectQuantityChange(c, customerKey, proposalId, body.Reason), ct))
            .Write(Policies.ManageBilling)
            .WithName("RejectQuantityChange")
            .WithSummary("Reject a proposed PSA quantity change")
            .WithDescription("Records why the change will not be written. Role: finance.")
            .WithRequestExample(new RejectRequest("Agent is a trial, billed from next month"))
            .WithResponseExample(CommandAccepted.Example("customer.quantity_change_rejected.v1"));
        return app;
    }

    private static async Task<Ok<ProposalCreated>> ProposeAsync(string customerKey, ProposeRequest body, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var context = http.SystemCommandContext();
        var result = await mediator.Send(new ProposeQuantityChange(context, customerKey, body.Service, body.SeatType), ct);
        ETags.Set(http, result.Revision);
        var proposed = result.Appended.Contains(EventRegistry.StoredNameOf(typeof(CustomerEvent.QuantityChangeProposed)));
        return TypedResults.Ok(new ProposalCreated(proposed ? context.CommandId : null, result.Stream, result.Revision, result.Appended));
    }
}
