using System.Net.Http.Json;
using LedgerReconcile.Api.Endpoints;
using LedgerReconcile.Api.Security;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Mapping;
using LedgerReconcile.Domain.ApiKeys;

namespace LedgerReconcile.Api.Tests.Infrastructure;

/// <summary>One endpoint of the API as a test calls it: a valid request, and who may call it.</summary>
/// <param name="Path">With <c>{c}</c> where the customer key goes.</param>
public sealed record Endpoint(string Name, HttpMethod Method, string Path, object? Body, IReadOnlyList<string> Roles, bool CustomerScoped)
{
    public HttpRequestMessage Request(string customerKey)
    {
        var request = new HttpRequestMessage(Method, Path.Replace("{c}", customerKey, StringComparison.Ordinal));
        if (Body is not null)
        {
            request.Content = JsonContent.Create(Body, Body.GetType(), options: LedgerHost.Json);
        }

        return request;
    }

    public override string ToString() => $"{Name} ({Method} {Path})";
}

/// <summary>Every endpoint of the API. A test checks that the OpenAPI document lists exactly these names.</summary>
public static class EndpointCatalog
{
    private static readonly string[] Everyone = [Roles.Admin, Roles.Finance, Roles.Auditor];
    private static readonly string[] Finance = [Roles.Finance];
    private static readonly string[] Admin = [Roles.Admin];
    private static readonly string[] Auditor = [Roles.Auditor];

    public static readonly Guid SomeProposal = Guid.Parse("0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b");

    public static IReadOnlyList<Endpoint> All { get; } =
    [
        new("IngestSnapshot", HttpMethod.Post, "/api/snapshots", SnapshotDocument.Example with { SnapshotId = "catalog" }, Admin, false),
        new("ListCustomers", HttpMethod.Get, "/api/customers", null, Everyone, false),
        new("GetCustomer", HttpMethod.Get, "/api/customers/{c}", null, Everyone, true),
        new("GetBillableState", HttpMethod.Get, "/api/customers/{c}/billable?asOf=2026-10-31T23:59:59Z&knownAt=2026-11-03T23:59:59Z", null, Everyone, true),
        new("GetBillingLines", HttpMethod.Get, "/api/customers/{c}/lines", null, Everyone, true),
        new("ExplainQuantityChange", HttpMethod.Get, "/api/customers/{c}/explain?service=PerAgent&from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z", null, Everyone, true),
        new("GetAuditHistory", HttpMethod.Get, "/api/customers/{c}/history", null, Everyone, true),
        new("ListInvoicedPeriods", HttpMethod.Get, "/api/customers/{c}/periods", null, Everyone, true),
        new("GetInvoicedPeriod", HttpMethod.Get, "/api/customers/{c}/periods/2026-10", null, Everyone, true),
        new("MapAccount", HttpMethod.Put, "/api/customers/{c}/account",
            new MapAccountRequest(4100, "Harbor Dental", "ConnectWise", "19300", "Harbor Dental", "801", null), Finance, true),
        new("UnmapAccount", HttpMethod.Post, "/api/customers/{c}/account/unmap", new UnmapRequest("moved", null), Finance, true),
        new("MapService", HttpMethod.Put, "/api/customers/{c}/services/PerAgent",
            new MapServiceRequest(null, "cw:19300:801:40001", UnitRuleInput.Each, new PriceInput(12m, "USD"), null), Finance, true),
        new("UnmapService", HttpMethod.Post, "/api/customers/{c}/services/PerAgent/unmap", new UnmapServiceRequest(null, "bundle", null), Finance, true),
        new("IgnoreAsset", HttpMethod.Post, "/api/customers/{c}/ignores", new AssetDecisionRequest("Volume", "vol-dc01", "free"), Finance, true),
        new("RevokeIgnore", HttpMethod.Post, "/api/customers/{c}/ignores/revoke", new AssetDecisionRequest("Volume", "vol-dc01", "not free"), Finance, true),
        new("IncludeAsset", HttpMethod.Post, "/api/customers/{c}/inclusions", new AssetDecisionRequest("Volume", "vol-share-scans", "asked"), Finance, true),
        new("RevokeInclusion", HttpMethod.Post, "/api/customers/{c}/inclusions/revoke", new AssetDecisionRequest("Volume", "vol-share-scans", "gone"), Finance, true),
        new("SetCustomerPolicy", HttpMethod.Put, "/api/customers/{c}/policies/NasShares", new CustomerPolicyRequest("Count", "contract", null), Finance, true),
        new("AcknowledgeDrift", HttpMethod.Post, "/api/customers/{c}/drifts/drift-1/acknowledge", new AcknowledgeDriftRequest("checked"), Finance, true),
        new("ProposeQuantityChange", HttpMethod.Post, "/api/customers/{c}/proposals", new ProposeRequest("PerAgent", null), Finance, true),
        new("ApproveQuantityChange", HttpMethod.Post, $"/api/customers/{{c}}/proposals/{SomeProposal}/approve", new ApproveRequest("ok"), Finance, true),
        new("RejectQuantityChange", HttpMethod.Post, $"/api/customers/{{c}}/proposals/{SomeProposal}/reject", new RejectRequest("no"), Finance, true),
        new("DismissQuantityChange", HttpMethod.Post, $"/api/customers/{{c}}/proposals/{SomeProposal}/dismiss", new DismissRequest("not this month"), Finance, true),
        new("ReconcileCustomer", HttpMethod.Post, "/api/customers/{c}/reconcile", null, Finance, true),
        new("ReconcileTenant", HttpMethod.Post, "/api/reconcile", null, Finance, false),
        new("ListProposals", HttpMethod.Get, "/api/proposals?service=PerAgent", null, Everyone, false),
        new("DecideProposals", HttpMethod.Post, "/api/proposals/decisions", new ProposalDecisionsRequest("Dismiss", [SomeProposal], null, "catalog", null), Finance, false),
        new("ListAutoApprovalRules", HttpMethod.Get, "/api/tenant/auto-approval-rules", null, Admin, false),
        new("CreateAutoApprovalRule", HttpMethod.Post, "/api/tenant/auto-approval-rules", new AutoApprovalRuleRequest("PerAgent", null, 2m, 10m, "catalog", null), Admin, false),
        new("DeleteAutoApprovalRule", HttpMethod.Delete, "/api/tenant/auto-approval-rules/PerAgent?reason=catalog", null, Admin, false),
        new("CloseBillingPeriod", HttpMethod.Post, "/api/customers/{c}/periods",
            new ClosePeriodRequest("2026-10", new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), []), Finance, true),
        new("AdjustBillingPeriod", HttpMethod.Post, "/api/customers/{c}/periods/2026-10/adjustments", new AdjustPeriodRequest("PerAgent", null, 3, "late"), Finance, true),
        new("CloseMonth", HttpMethod.Post, "/api/periods", new CloseMonthRequest("2026-10", null, "catalog"), Finance, false),
        new("GetMonthEndBlockers", HttpMethod.Get, "/api/periods/2026-10/blockers", null, Everyone, false),
        new("ListClosedMonths", HttpMethod.Get, "/api/periods", null, Everyone, false),
        new("ExportClosedMonth", HttpMethod.Get, "/api/periods/2026-10/export?format=json", null, Everyone, false),
        new("CorrectBillingPeriod", HttpMethod.Post, "/api/customers/{c}/periods/2026-10/corrections", new CorrectPeriodRequest(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), "typo"), Finance, true),
        new("ListDiscrepancies", HttpMethod.Get, "/api/discrepancies", null, Everyone, false),
        new("ListUnmappedOrganizations", HttpMethod.Get, "/api/unmapped", null, Everyone, false),
        new("ListAttentionItems", HttpMethod.Get, "/api/attention", null, Everyone, false),
        new("GetTenantSettings", HttpMethod.Get, "/api/tenant", null, Everyone, false),
        new("SetTenantPolicy", HttpMethod.Put, "/api/tenant/policies/PausedAgents", new TenantPolicyRequest("Exclude", "terms", null), Admin, false),
        new("GetSyncSettings", HttpMethod.Get, "/api/tenant/sync-settings", null, Everyone, false),
        new("SetSyncSettings", HttpMethod.Put, "/api/tenant/sync-settings", new SyncSettingsView(120, 360, ["Managed Services"], 2, 72), Admin, false),
        new("GetSchedules", HttpMethod.Get, "/api/tenant/schedules", null, Everyone, false),
        new("SetSchedule", HttpMethod.Put, "/api/tenant/schedules/psa-read", new JobScheduleRequest(null, "0 6 * * 1-5", "Europe/Brussels", null), Admin, false),
        new("PauseSchedule", HttpMethod.Post, "/api/tenant/schedules/write-back/pause", new PauseJobRequest("PSA migration"), Admin, false),
        new("ResumeSchedule", HttpMethod.Post, "/api/tenant/schedules/write-back/resume", null, Admin, false),
        new("ReadEventFeed", HttpMethod.Get, "/api/events", null, Auditor, false),
        new("ReadCustomerStream", HttpMethod.Get, "/api/customers/{c}/events", null, Auditor, true),
        new("VerifyLedger", HttpMethod.Get, "/api/verify", null, Everyone, false),
        new("VerifyCustomer", HttpMethod.Get, "/api/customers/{c}/verify", null, Everyone, true),
        new("CreateApiKey", HttpMethod.Post, "/api/keys", new CreateKeyRequest("auditor", "catalog"), Admin, false),
        new("ListApiKeys", HttpMethod.Get, "/api/keys", null, Admin, false),
        new("RevokeApiKey", HttpMethod.Delete, "/api/keys/0123456789abcdef", null, Admin, false),
        new("SetCredentials", HttpMethod.Put, "/api/integrations/datto/credentials",
            new Dictionary<string, string> { ["publicKey"] = "p", ["secretKey"] = "s", ["baseAddress"] = "http://127.0.0.1:9/v1/" }, Admin, false),
        new("GetCredentialStamp", HttpMethod.Get, "/api/integrations/datto/credentials", null, Admin, false),
        new("TestConnection", HttpMethod.Post, "/api/integrations/datto/test", null, Admin, false),
        new("SyncDatto", HttpMethod.Post, "/api/integrations/datto/sync", null, Admin, false),
        new("SyncPsa", HttpMethod.Post, "/api/integrations/psa/sync", null, Admin, false),
        new("DispatchWriteBack", HttpMethod.Post, "/api/integrations/psa/write-back", null, Admin, false),
        new("PlanWriteBack", HttpMethod.Get, "/api/integrations/psa/write-back/plan?readPsa=false", null, [Roles.Admin, Roles.Finance], false),
        new("ListSyncRuns", HttpMethod.Get, "/api/sync-runs", null, Everyone, false),
        new("SearchPsaCompanies", HttpMethod.Get, "/api/psa/ConnectWise/companies?search=acme", null, [Roles.Admin, Roles.Finance], false),
        new("ListPsaAgreements", HttpMethod.Get, "/api/psa/ConnectWise/companies/19300/agreements", null, [Roles.Admin, Roles.Finance], false),
        new("ListPsaAgreementLines", HttpMethod.Get, "/api/psa/ConnectWise/companies/19300/agreements/801/lines", null, [Roles.Admin, Roles.Finance], false),
        new("SuggestAccountMappings", HttpMethod.Get, "/api/mapping/suggestions?psa=ConnectWise", null, [Roles.Admin, Roles.Finance], false),
        new("ConfirmAccountMappings", HttpMethod.Post, "/api/mapping/confirm",
            new ConfirmMappingsRequest([new AccountMappingConfirmation("org-4100", "ConnectWise", "19300", "801", null)]), Finance, false),
        new("ListServiceTemplates", HttpMethod.Get, "/api/tenant/service-templates", null, Everyone, false),
        new("SetServiceTemplate", HttpMethod.Put, "/api/tenant/service-templates/ConnectWise/9001",
            new ServiceTemplateRequest("PerAgent", null, UnitRuleInput.Each, new PriceInput(20m, "USD")), Admin, false),
        new("DeleteServiceTemplate", HttpMethod.Delete, "/api/tenant/service-templates/ConnectWise/9001?reason=catalog", null, Admin, false),
        new("GetProjectionStatus", HttpMethod.Get, "/api/projections", null, Everyone, false),
        new("ListNewRevenue", HttpMethod.Get, "/api/reports/new-revenue?service=PerDevice", null, Everyone, false),
        new("ProposeLineAddition", HttpMethod.Post, "/api/customers/{c}/line-additions", new LineAdditionRequest("PerDevice", null, "9002", null, null), Finance, true),
        new("ExportDiscrepancies", HttpMethod.Get, "/api/exports/discrepancies?format=csv&status=UnderBilled", null, Everyone, false),
        new("ExportBillableState", HttpMethod.Get, "/api/exports/billable?asOf=2026-10-31T23:59:59Z&knownAt=2026-11-03T23:59:59Z", null, Everyone, false),
        new("ExportClosedPeriods", HttpMethod.Get, "/api/exports/periods?format=json", null, Everyone, false),
        new("ExportCustomerBillableState", HttpMethod.Get, "/api/customers/{c}/exports/billable?asOf=2026-10-31T23:59:59Z", null, Everyone, true),
        new("ExportAuditHistory", HttpMethod.Get, "/api/customers/{c}/exports/history?kind=usage_snapshot_recorded", null, Everyone, true),
        new("ExportCustomerClosedPeriods", HttpMethod.Get, "/api/customers/{c}/exports/periods", null, Everyone, true),
        new("ListWebhooks", HttpMethod.Get, "/api/webhooks", null, Everyone, false),
        new("RegisterWebhook", HttpMethod.Post, "/api/webhooks", new WebhookRequest("https://93.184.215.14/ledger", ["drift"], null, false), Admin, false),
        new("ChangeWebhook", HttpMethod.Put, "/api/webhooks/0196a8b07c1d7e2f9a3b4c5d6e7f8091", new WebhookRequest("https://93.184.215.14/ledger", ["drift"], null, false), Admin, false),
        new("RemoveWebhook", HttpMethod.Delete, "/api/webhooks/0196a8b07c1d7e2f9a3b4c5d6e7f8091", null, Admin, false),
        new("RotateWebhookSecret", HttpMethod.Post, "/api/webhooks/0196a8b07c1d7e2f9a3b4c5d6e7f8091/secret", null, Admin, false),
        new("EnableWebhook", HttpMethod.Post, "/api/webhooks/0196a8b07c1d7e2f9a3b4c5d6e7f8091/enable", null, Admin, false),
        new("ListWebhookDeliveries", HttpMethod.Get, "/api/webhooks/0196a8b07c1d7e2f9a3b4c5d6e7f8091/deliveries", null, Everyone, false),
        new("GetCustomerEvidencePack", HttpMethod.Get, "/api/customers/{c}/evidence-pack", null, Everyone, true),
        new("GetMonthEvidencePack", HttpMethod.Get, "/api/periods/2026-10/evidence-pack", null, Everyone, false),
    ];

    public static IEnumerable<object[]> Names => All.Select(e => new object[] { e.Name });

    /// <summary>Endpoints of one customer: the tenant-isolation matrix.</summary>
    public static IEnumerable<object[]> CustomerScopedNames => All.Where(e => e.CustomerScoped).Select(e => new object[] { e.Name });

    /// <summary>Endpoints some role may not call.</summary>
    public static IEnumerable<object[]> RestrictedNames => All.Where(e => e.Roles.Count < 3).Select(e => new object[] { e.Name });

    public static Endpoint Named(string name) => All.Single(e => e.Name == name);
}
