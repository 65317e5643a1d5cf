using LedgerReconcile.Domain.ApiKeys;
using LedgerReconcile.Domain.Credentials;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.SyncRuns;
using LedgerReconcile.Domain.Tenants;
using LedgerReconcile.Domain.Webhooks;

namespace LedgerReconcile.Domain;

/// <summary>
/// The one map between event types and their stored names. A stored name never changes once written; a new shape
/// gets a new version and an upcaster from the old one (see the application's event serializer).
/// </summary>
public static class EventRegistry
{
    private static readonly (Type Type, string StoredName)[] Entries =
    [
        (typeof(CustomerEvent.UsageSnapshotRecorded), "customer.usage_snapshot_recorded.v1"),
        (typeof(CustomerEvent.UsageObservedUnchanged), "customer.usage_observed_unchanged.v1"),
        (typeof(CustomerEvent.AccountMapped), "customer.account_mapped.v1"),
        (typeof(CustomerEvent.AccountUnmapped), "customer.account_unmapped.v1"),
        (typeof(CustomerEvent.DattoOrganizationRenamed), "customer.datto_organization_renamed.v1"),
        (typeof(CustomerEvent.PsaCompanyRenamed), "customer.psa_company_renamed.v1"),
        (typeof(CustomerEvent.DriftAcknowledged), "customer.drift_acknowledged.v1"),
        (typeof(CustomerEvent.ServiceMapped), "customer.service_mapped.v1"),
        (typeof(CustomerEvent.ServiceUnmapped), "customer.service_unmapped.v1"),
        (typeof(CustomerEvent.AssetIgnored), "customer.asset_ignored.v2"),
        (typeof(CustomerEvent.IgnoreRevoked), "customer.ignore_revoked.v1"),
        (typeof(CustomerEvent.AssetIncluded), "customer.asset_included.v1"),
        (typeof(CustomerEvent.InclusionRevoked), "customer.inclusion_revoked.v1"),
        (typeof(CustomerEvent.CustomerCountingPolicySet), "customer.counting_policy_set.v1"),
        (typeof(CustomerEvent.CustomerCountingPolicyCleared), "customer.counting_policy_cleared.v1"),
        (typeof(CustomerEvent.PsaQuantityObserved), "customer.psa_quantity_observed.v1"),
        (typeof(CustomerEvent.QuantityChangeProposed), "customer.quantity_change_proposed.v1"),
        (typeof(CustomerEvent.QuantityChangeWithdrawn), "customer.quantity_change_withdrawn.v1"),
        (typeof(CustomerEvent.QuantityChangeApproved), "customer.quantity_change_approved.v1"),
        (typeof(CustomerEvent.QuantityChangeAutoApproved), "customer.quantity_change_auto_approved.v1"),
        (typeof(CustomerEvent.QuantityChangeRejected), "customer.quantity_change_rejected.v1"),
        (typeof(CustomerEvent.PsaWriteRequested), "customer.psa_write_requested.v1"),
        (typeof(CustomerEvent.PsaWriteConfirmed), "customer.psa_write_confirmed.v1"),
        (typeof(CustomerEvent.PsaWriteFailed), "customer.psa_write_failed.v1"),
        (typeof(CustomerEvent.PsaWriteConflictDetected), "customer.psa_write_conflict_detected.v1"),
        (typeof(CustomerEvent.BillingPeriodClosed), "customer.billing_period_closed.v1"),
        (typeof(CustomerEvent.BillingPeriodAdjusted), "customer.billing_period_adjusted.v1"),
        (typeof(CustomerEvent.BillingPeriodCorrected), "customer.billing_period_corrected.v1"),
        (typeof(CustomerEvent.UsageSnapshotVoided), "customer.usage_snapshot_voided.v1"),
        (typeof(CustomerEvent.PsaLineQuantityChanged), "customer.psa_line_quantity_changed.v1"),
        (typeof(CustomerEvent.PsaLineBillingChanged), "customer.psa_line_billing_changed.v1"),
        (typeof(CustomerEvent.PsaLineStatusChanged), "customer.psa_line_status_changed.v1"),
        (typeof(CustomerEvent.QuantityChangeBlocked), "customer.quantity_change_blocked.v1"),
        (typeof(CustomerEvent.QuantityChangeUnblocked), "customer.quantity_change_unblocked.v1"),
        (typeof(CustomerEvent.QuantityChangeDismissed), "customer.quantity_change_dismissed.v1"),
        (typeof(CustomerEvent.QuantityChangeApprovedWithEffectiveDate), "customer.quantity_change_approved.v2"),
        (typeof(CustomerEvent.QuantityChangeProposedWithContributions), "customer.quantity_change_proposed.v2"),
        (typeof(CustomerEvent.UsageNotReported), "customer.usage_not_reported.v1"),
        (typeof(CustomerEvent.PsaLineSharingRecorded), "customer.psa_line_sharing_recorded.v1"),
        (typeof(CustomerEvent.PsaLineSharingEnded), "customer.psa_line_sharing_ended.v1"),
        (typeof(CustomerEvent.BillingPeriodFrozen), "customer.billing_period_frozen.v1"),
        (typeof(CustomerEvent.FrozenPeriodAdjusted), "customer.frozen_period_adjusted.v1"),
        (typeof(TenantEvent.MonthClosed), "tenant.month_closed.v1"),
        (typeof(CustomerEvent.LineAdditionProposed), "customer.line_addition_proposed.v1"),
        (typeof(CustomerEvent.LineAdditionApproved), "customer.line_addition_approved.v1"),
        (typeof(CustomerEvent.LineAdditionRejected), "customer.line_addition_rejected.v1"),
        (typeof(CustomerEvent.LineAdditionRequested), "customer.line_addition_requested.v1"),
        (typeof(CustomerEvent.LineAdded), "customer.line_added.v1"),
        (typeof(CustomerEvent.LineAdditionFoundExistingLine), "customer.line_addition_found_existing_line.v1"),
        (typeof(CustomerEvent.LineAdditionFailed), "customer.line_addition_failed.v1"),
        (typeof(CustomerEvent.ServiceMappedByLineAddition), "customer.service_mapped_by_line_addition.v1"),
        (typeof(TenantEvent.CountingPolicySet), "tenant.counting_policy_set.v1"),
        (typeof(TenantEvent.AutoApprovalPolicySet), "tenant.auto_approval_policy_set.v1"),
        (typeof(TenantEvent.AutoApprovalPolicyCleared), "tenant.auto_approval_policy_cleared.v1"),
        (typeof(TenantEvent.SyncSettingsSet), "tenant.sync_settings_set.v1"),
        (typeof(TenantEvent.ServiceTemplateSet), "tenant.service_template_set.v1"),
        (typeof(TenantEvent.ServiceTemplateRemoved), "tenant.service_template_removed.v1"),
        (typeof(TenantEvent.JobIntervalSet), "tenant.job_interval_set.v1"),
        (typeof(TenantEvent.JobCronSet), "tenant.job_cron_set.v1"),
        (typeof(TenantEvent.JobPaused), "tenant.job_paused.v1"),
        (typeof(TenantEvent.JobResumed), "tenant.job_resumed.v1"),
        (typeof(SyncRunEvent.SyncRunStarted), "syncrun.started.v1"),
        (typeof(SyncRunEvent.SyncRunCompleted), "syncrun.completed.v1"),
        (typeof(SyncRunEvent.SyncRunFailed), "syncrun.failed.v1"),
        (typeof(SyncRunEvent.PsaReadRunCompleted), "syncrun.psa_read_completed.v1"),
        (typeof(SyncRunEvent.WriteBackRunCompleted), "syncrun.write_back_completed.v1"),
        (typeof(ApiKeyEvent.ApiKeyIssued), "system.api_key_issued.v1"),
        (typeof(ApiKeyEvent.ApiKeyRevoked), "system.api_key_revoked.v1"),
        (typeof(CredentialsEvent.CredentialsChanged), "system.credentials_changed.v1"),
        (typeof(WebhookEvent.WebhookRegistered), "webhook.registered.v1"),
        (typeof(WebhookEvent.WebhookChanged), "webhook.changed.v1"),
        (typeof(WebhookEvent.WebhookSecretRotated), "webhook.secret_rotated.v1"),
        (typeof(WebhookEvent.WebhookDisabled), "webhook.disabled.v1"),
        (typeof(WebhookEvent.WebhookEnabled), "webhook.enabled.v1"),
        (typeof(WebhookEvent.WebhookRemoved), "webhook.removed.v1"),
        (typeof(AlertEvent.AlertRaised), "alert.raised.v1"),
        (typeof(AlertEvent.WebhookDeliveryAttempted), "alert.delivery_attempted.v1"),
    ];

    private static readonly Dictionary<Type, string> NamesByType = Entries.ToDictionary(e => e.Type, e => e.StoredName);
    private static readonly Dictionary<string, Type> TypesByName = Entries.ToDictionary(e => e.StoredName, e => e.Type, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> StoredNames => TypesByName.Keys;

    public static IReadOnlyCollection<Type> EventTypes => NamesByType.Keys;

    public static string StoredNameOf(Type eventType) =>
        NamesByType.TryGetValue(eventType, out var name)
            ? name
            : throw new ArgumentException($"{eventType.FullName} has no stored name.", nameof(eventType));

    public static string StoredNameOf(object @event) => StoredNameOf(@event.GetType());

    public static bool TryGetType(string storedName, out Type eventType) => TypesByName.TryGetValue(storedName, out eventType!);
}
