using LedgerReconcile.Application.Proposals;
using LedgerReconcile.Application.WriteBack;

namespace LedgerReconcile.Api.Endpoints;

/// <param name="Decision">Approve, Reject or Dismiss.</param>
/// <param name="ProposalIds">The proposals to decide; or give <paramref name="Filter"/> instead, never both.</param>
/// <param name="Reason">Required to reject or dismiss; an approval's note.</param>
/// <param name="EffectiveDate">Approvals only: when the changes take effect on the PSA; default the 1st of next month.</param>
public sealed record ProposalDecisionsRequest(string Decision, IReadOnlyList<Guid>? ProposalIds, ProposalFilter? Filter, string? Reason, DateOnly? EffectiveDate);

public sealed record DismissRequest(string Reason);

public sealed record AutoApprovalRuleRequest(string Service, string? SeatType, decimal MaxAbsoluteChange, decimal MaxPercentChange, string Reason, DateTimeOffset? EffectiveFrom);

public static class ReconciliationEndpoints
{
    public static IEndpointRouteBuilder MapReconciliationEndpoints(this IEndpointRouteBuilder app)
    {
        var proposals = app.MapGroup("/api/proposals").WithTags("Proposals")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        proposals.MapGet("", ListAsync)
            .Read()
            .WithName("ListProposals")
            .WithSummary("Every proposal and blocked line of the tenant")
            .WithDescription(
                "Proposals across all customers with their money impact, and the lines reconciliation blocked with the reason " +
                "(assets waiting for a decision, with which ones; a PSA line that ended; a line not billed). Filters: customer, " +
                "service, seatType, psa, status (a proposal status or Blocked; default: Pending, Approved and Blocked) and " +
                "maxMoneyImpact (|change × unit price|; lines without a price are left out). Read from the ledger itself.")
            .ProducesValidationProblem();

        proposals.MapPost("/decisions", DecideAsync)
            .Write(Policies.ManageBilling)
            .WithName("DecideProposals")
            .WithSummary("Approve, reject or dismiss many proposals at once")
            .WithDescription(
                "Names the proposals by proposalIds or by filter (exactly one). Every item gets its own result: Applied, NoOp " +
                "(with a note) or Refused (with a code and detail, e.g. proposal.unknown) and nothing is appended for it; one " +
                "correlation id is recorded on every event appended. An approval takes effect on effectiveDate, by default the " +
                "1st of next month (billing in advance). A filter that matches nothing answers 200 with no items. Dismiss means " +
                "no change this month: the same change is not proposed again before the 1st of next month unless a number moves. Role: finance.")
            .WithRequestExample(new ProposalDecisionsRequest("Approve", null, new ProposalFilter(Service: "PerAgent", MaxMoneyImpact: 50m), "Spot-checked five customers", null))
            .WithResponseExample(new ProposalDecisions(
                "0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1c",
                "Approve",
                new DateOnly(2026, 12, 1),
                1,
                1,
                [new ProposalDecisionResult(Guid.Parse("0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b"), "org-4100", ItemOutcome.Applied, ["customer.quantity_change_approved.v2"], null, null, null)]));

        var customer = app.MapCustomerGroup("Proposals");
        customer.MapPost("/proposals/{proposalId:guid}/dismiss", (string customerKey, Guid proposalId, DismissRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                http.SendAsync(m, c => new DismissQuantityChange(c, customerKey, proposalId, body.Reason), ct))
            .Write(Policies.ManageBilling)
            .WithName("DismissQuantityChange")
            .WithSummary("Dismiss a proposed change for this month")
            .WithDescription("No change this month: reconciliation does not propose the same change again before the 1st of next month unless a number moves. Role: finance.")
            .WithRequestExample(new DismissRequest("Customer is moving to a bundle next month"))
            .WithResponseExample(CommandAccepted.Example("customer.quantity_change_dismissed.v1"));

        customer.MapPost("/reconcile", (string customerKey, HttpContext http, IMediator m, CancellationToken ct) =>
                SendSystemAsync(http, m, c => new ReconcileCustomer(c, customerKey), ct))
            .Write(Policies.ManageBilling)
            .WithName("ReconcileCustomer")
            .WithSummary("Reconcile one customer now")
            .WithDescription(
                "Every mapped line whose billable quantity differs from what the PSA bills gets exactly one open proposal " +
                "(superseding one whose numbers moved), agreeing lines lose theirs, and lines that must not be proposed are " +
                "recorded as blocked with the reason. Running it again without anything moving appends nothing. Role: finance.")
            .WithResponseExample(CommandAccepted.Example("customer.quantity_change_proposed.v1"));

        app.MapPost("/api/reconcile", (HttpContext http, IMediator m, CancellationToken ct) => ReconcileTenantAsync(http, m, ct))
            .Write(Policies.ManageBilling)
            .WithTags("Proposals")
            .WithName("ReconcileTenant")
            .WithSummary("Reconcile every customer of the tenant now")
            .WithDescription("Runs the reconciliation of each customer under one correlation id and reports what each appended, or why it could not. Role: finance.");

        MapAutoApprovalRules(app);
        return app;
    }

    private static void MapAutoApprovalRules(IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/tenant/auto-approval-rules").WithTags("Tenant settings")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        rules.MapGet("", async (HttpContext http, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new ListAutoApprovalRules(http.User.Tenant()), ct)))
            .Read(Policies.ManageIntegrations)
            .WithName("ListAutoApprovalRules")
            .WithSummary("The tenant's auto-approval rules")
            .WithDescription("One rule per service line (its id, e.g. PerAgent or SaasSeats/User) with its limits. Role: admin (settings).");

        rules.MapPost("", (AutoApprovalRuleRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                http.SendAsync(m, c => new SetAutoApprovalPolicy(c, body.Service, body.SeatType, body.MaxAbsoluteChange, body.MaxPercentChange, body.Reason, body.EffectiveFrom), ct))
            .Write(Policies.ManageIntegrations)
            .WithName("CreateAutoApprovalRule")
            .WithSummary("Create (or replace) the auto-approval rule of a service line")
            .WithDescription(
                "Pending changes of the line within both limits (units and percent of what is billed now) are approved by the " +
                "write-back without a person, in the rule's name. A blocked line is never approved. Role: admin (settings).")
            .WithRequestExample(new AutoApprovalRuleRequest("PerAgent", null, 2m, 10m, "Small agent changes need no review", null))
            .WithResponseExample(new CommandAccepted("tenant-demo-msp", 3, ["tenant.auto_approval_policy_set.v1"], true));

        rules.MapDelete("/{service}", (string service, string? seatType, string? reason, HttpContext http, IMediator m, CancellationToken ct) =>
                http.SendAsync(m, c => new RemoveAutoApprovalRule(c, service, seatType, reason ?? ""), ct))
            .Write(Policies.ManageIntegrations)
            .WithName("DeleteAutoApprovalRule")
            .WithSummary("Delete the auto-approval rule of a service line")
            .WithDescription("Changes of the line wait for a person again. Give the seat type as ?seatType= for a SaaS seat line and why as ?reason=. An unknown rule is 404. Role: admin (settings).")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<IReadOnlyList<ProposalItem>>> ListAsync(
        HttpContext http, IMediator mediator, string? customer, string? service, string? seatType, string? psa, string? status, decimal? maxMoneyImpact, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListProposals(http.User.Tenant(), new ProposalFilter(customer, service, seatType, psa, status, maxMoneyImpact)), ct));

    private static async Task<Ok<ProposalDecisions>> DecideAsync(ProposalDecisionsRequest body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new DecideProposals(http.CommandContext(), body.Decision, body.ProposalIds, body.Filter, body.Reason, body.EffectiveDate), ct));

    private static async Task<Ok<CommandAccepted>> SendSystemAsync(HttpContext http, IMediator mediator, Func<CommandContext, ICommand<CommandResult>> command, CancellationToken ct)
    {
        var result = await mediator.Send(command(http.SystemCommandContext()), ct);
        ETags.Set(http, result.Revision);
        return TypedResults.Ok(CommandAccepted.From(result));
    }

    private static async Task<Ok<TenantReconciliation>> ReconcileTenantAsync(HttpContext http, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ReconcileTenant(http.SystemCommandContext()), ct));
}
