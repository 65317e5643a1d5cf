using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Tenants;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;

namespace LedgerReconcile.Api.Endpoints;

/// <summary>The tenant's counting policies: its own setting where it made one, else the default.</summary>
public sealed record TenantSettings(string Tenant, long? Revision, IReadOnlyList<PolicyInForce> Policies);

public sealed record TenantPolicyRequest(string Choice, string Reason, DateTimeOffset? EffectiveFrom);

public static class TenantEndpoints
{
    public static IEndpointRouteBuilder MapTenantEndpoints(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/tenant").WithTags("Tenant settings")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        tenant.MapGet("", GetAsync)
            .Read()
            .WithName("GetTenantSettings")
            .WithSummary("Read the tenant's counting policies")
            .WithDescription("Each counting question with the answer in force for customers without an override, and whether it is the tenant's own setting or the default. The ETag is the settings stream's revision.");

        tenant.MapPut("/policies/{policy}", (string policy, TenantPolicyRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                http.SendAsync(m, c => new SetTenantCountingPolicy(c, policy, body.Choice, body.Reason, body.EffectiveFrom), ct))
            .Write(Policies.ManageIntegrations)
            .WithName("SetTenantPolicy")
            .WithSummary("Set a tenant-wide counting policy")
            .WithDescription(
                "policy is NasShares, PausedAgents, HiddenDevices, ArchivedAgents or ExpiredDevices; choice is Count, " +
                "Exclude or NeedsDecision. Policies are events, so an audit shows which rule was in force when a quantity " +
                "was computed. Role: admin (settings).")
            .WithRequestExample(new TenantPolicyRequest("Exclude", "Paused agents are not billed under our standard terms", null))
            .WithResponseExample(new CommandAccepted("tenant-demo-msp", 2, ["tenant.counting_policy_set.v1"], true));
        return app;
    }

    private static async Task<Ok<TenantSettings>> GetAsync(HttpContext http, TenantLedger ledger, CancellationToken ct)
    {
        var tenant = http.User.Tenant();
        var loaded = await ledger.LoadAsync(tenant, ct);
        ETags.Set(http, loaded.Revision);
        var policies = new CountingPolicies(loaded.State.Policies, CountingPolicies.None.Customer);
        return TypedResults.Ok(new TenantSettings(tenant, loaded.Revision, policies.All()));
    }
}
