using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Tenants;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.Tenants;
using LedgerReconcile.Integrations;

namespace LedgerReconcile.Api.Endpoints;

/// <summary>The tenant's counting policies: its own setting where it made one, else the default.</summary>
public sealed record TenantSettings(string Tenant, long? Revision, IReadOnlyList<PolicyInForce> Policies);

public sealed record TenantPolicyRequest(string Choice, string Reason, DateTimeOffset? EffectiveFrom);

/// <summary>The tenant's schedule in minutes and hours, as a person sets it.</summary>
public sealed record SyncSettingsView(
    int? DattoSyncIntervalMinutes,
    int? PsaReadIntervalMinutes,
    IReadOnlyList<string>? PsaAgreementTypes,
    int? UsageGraceSyncs,
    int? UsageGraceHours)
{
    public static SyncSettingsView From(SyncSettings settings) => new(
        (int)settings.DattoSyncInterval.TotalMinutes,
        (int)settings.PsaReadInterval.TotalMinutes,
        settings.PsaAgreementTypes,
        settings.UsageGraceSyncs,
        (int)settings.UsageGraceAge.TotalHours);
}

/// <summary>The schedule in force, and whether the tenant chose it or the host's defaults apply.</summary>
public sealed record TenantSyncSettings(string Tenant, bool ChosenByTenant, SyncSettingsView Settings);

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

        tenant.MapGet("/sync-settings", GetSyncSettingsAsync)
            .Read()
            .WithName("GetSyncSettings")
            .WithSummary("Read the tenant's sync schedule")
            .WithDescription("The Datto sync and PSA read intervals, the PSA agreement types read (empty: all) and the grace before unreported usage needs a person; the host's defaults until the tenant chooses.");

        tenant.MapPut("/sync-settings", (SyncSettingsView body, HttpContext http, IMediator m, CancellationToken ct) =>
                http.SendAsync(m, c => new SetTenantSyncSettings(c, body.DattoSyncIntervalMinutes, body.PsaReadIntervalMinutes, body.PsaAgreementTypes, body.UsageGraceSyncs, body.UsageGraceHours), ct))
            .Write(Policies.ManageIntegrations)
            .WithName("SetSyncSettings")
            .WithSummary("Set the tenant's sync schedule")
            .WithDescription(
                "Every field is required. Intervals lie between 15 minutes and 7 days; psaAgreementTypes lists the PSA agreement or " +
                "contract types the PSA read looks at (an empty list reads every type); an organization missing from usageGraceSyncs " +
                "completed Datto syncs and unreported for usageGraceHours becomes 'not reported' and needs a person. Role: admin.")
            .WithRequestExample(new SyncSettingsView(360, 360, ["Managed Services"], 2, 72))
            .WithResponseExample(new CommandAccepted("tenant-demo-msp", 3, ["tenant.sync_settings_set.v1"], true));
        return app;
    }

    private static async Task<Ok<TenantSyncSettings>> GetSyncSettingsAsync(HttpContext http, TenantSchedule schedule, CancellationToken ct)
    {
        var tenant = http.User.Tenant();
        var (settings, chosen) = await schedule.SettingsOfAsync(tenant, ct);
        return TypedResults.Ok(new TenantSyncSettings(tenant, chosen, SyncSettingsView.From(settings)));
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
