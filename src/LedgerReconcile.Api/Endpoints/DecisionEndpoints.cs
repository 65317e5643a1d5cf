namespace LedgerReconcile.Api.Endpoints;

/// <param name="AssetKind">Device, Volume, EndpointAgent, SaasSeat or SaasDomain.</param>
/// <param name="AssetId">Serial number, volume id, asset uuid, {saasCustomerId}/{mainId} or saasCustomerId.</param>
public sealed record AssetDecisionRequest(string AssetKind, string AssetId, string Reason);

/// <param name="Choice">Count, Exclude or NeedsDecision; null clears the customer's override.</param>
public sealed record CustomerPolicyRequest(string? Choice, string Reason, DateTimeOffset? EffectiveFrom);

public sealed record AcknowledgeDriftRequest(string Note);

public static class DecisionEndpoints
{
    public static IEndpointRouteBuilder MapDecisionEndpoints(this IEndpointRouteBuilder app)
    {
        var customer = app.MapCustomerGroup("Decisions");
        var example = new AssetDecisionRequest("Volume", "vol-share-scans", "Scans share is covered by the flat-fee agreement");

        customer.MapPost("/ignores", (string customerKey, AssetDecisionRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                http.SendAsync(m, c => new IgnoreAsset(c, customerKey, body.AssetKind, body.AssetId, body.Reason), ct))
            .Write(Policies.ManageBilling)
            .WithName("IgnoreAsset")
            .WithSummary("Ignore one asset for billing")
            .WithDescription("Names one asset (device serial, volume id, endpoint agent, SaaS seat or domain) that is not billed, with who and why. Revocable. Role: finance.")
            .WithRequestExample(example)
            .WithResponseExample(CommandAccepted.Example("customer.asset_ignored.v2"));

        customer.MapPost("/ignores/revoke", (string customerKey, AssetDecisionRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                http.SendAsync(m, c => new RevokeIgnore(c, customerKey, body.AssetKind, body.AssetId, body.Reason), ct))
            .Write(Policies.ManageBilling)
            .WithName("RevokeIgnore")
            .WithSummary("Revoke an ignore decision")
            .WithDescription("The asset counts again under the policies in force, from now on. The ignore decision stays in the history. Role: finance.")
            .WithRequestExample(example with { Reason = "Flat-fee agreement ended" })
            .WithResponseExample(CommandAccepted.Example("customer.ignore_revoked.v1"));

        customer.MapPost("/inclusions", (string customerKey, AssetDecisionRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                http.SendAsync(m, c => new IncludeAsset(c, customerKey, body.AssetKind, body.AssetId, body.Reason), ct))
            .Write(Policies.ManageBilling)
            .WithName("IncludeAsset")
            .WithSummary("Count one asset that a policy leaves undecided or excludes")
            .WithDescription("E.g. a NAS share waiting for a decision, or a device past its service period. Revocable. Role: finance.")
            .WithRequestExample(example with { Reason = "Customer asked us to protect the scans share" })
            .WithResponseExample(CommandAccepted.Example("customer.asset_included.v1"));

        customer.MapPost("/inclusions/revoke", (string customerKey, AssetDecisionRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                http.SendAsync(m, c => new RevokeInclusion(c, customerKey, body.AssetKind, body.AssetId, body.Reason), ct))
            .Write(Policies.ManageBilling)
            .WithName("RevokeInclusion")
            .WithSummary("Revoke an include decision")
            .WithDescription("The asset falls back to the policies in force. Role: finance.")
            .WithRequestExample(example with { Reason = "Share decommissioned" })
            .WithResponseExample(CommandAccepted.Example("customer.inclusion_revoked.v1"));

        customer.MapPut("/policies/{policy}", (string customerKey, string policy, CustomerPolicyRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                http.SendAsync(m, c => new SetCustomerCountingPolicy(c, customerKey, policy, body.Choice, body.Reason, body.EffectiveFrom), ct))
            .Write(Policies.ManageBilling)
            .WithName("SetCustomerPolicy")
            .WithSummary("Override a counting policy for this customer")
            .WithDescription(
                "policy is NasShares, PausedAgents, HiddenDevices, ArchivedAgents or ExpiredDevices; choice is Count, " +
                "Exclude or NeedsDecision, or null to fall back to the tenant's policy. Overrides are billing decisions " +
                "about one customer, so they belong to finance (tenant-wide defaults belong to admin).")
            .WithRequestExample(new CustomerPolicyRequest("Count", "Contract bills NAS shares as agents", null))
            .WithResponseExample(CommandAccepted.Example("customer.counting_policy_set.v1"));

        customer.MapPost("/drifts/{driftId}/acknowledge", (string customerKey, string driftId, AcknowledgeDriftRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                http.SendAsync(m, c => new AcknowledgeDrift(c, customerKey, driftId, body.Note), ct))
            .Write(Policies.ManageBilling)
            .WithName("AcknowledgeDrift")
            .WithSummary("Acknowledge a rename on the Datto or PSA side")
            .WithDescription("Closes a drift item (a rename recorded by a sync) with a note. Role: finance.")
            .WithRequestExample(new AcknowledgeDriftRequest("Checked: same legal entity, new trading name"))
            .WithResponseExample(CommandAccepted.Example("customer.drift_acknowledged.v1"));
        return app;
    }

}
