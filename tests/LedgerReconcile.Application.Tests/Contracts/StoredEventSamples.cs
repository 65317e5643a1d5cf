using LedgerReconcile.Domain.ApiKeys;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Credentials;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.SyncRuns;
using LedgerReconcile.Domain.Tenants;
using LedgerReconcile.Domain.Webhooks;

namespace LedgerReconcile.Application.Tests.Contracts;

/// <summary>
/// One fully populated instance of every stored event: no property left at its default, every nullable set, every list
/// non-empty and every enum off its first member, so that a change to any part of the stored shape shows in a golden file.
/// </summary>
public static class StoredEventSamples
{
    private const string Person = "alice@msp.example";
    private const string Sync = "sync:datto";

    private static readonly DateTimeOffset At = new(2025, 11, 3, 10, 15, 30, 123, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset EffectiveFrom = new(2025, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid ProposalId = Guid.Parse("0196a8b0-7c1d-7e2f-9a3b-4c5d6e7f8091");
    private static readonly Guid WriteId = Guid.Parse("0196a8b0-9d2e-7f30-8b4c-5d6e7f809102");

    private static readonly UnitRuleTerms StorageRule = new(BillingUnit.Terabyte, 1024, Rounding.Nearest, 0.5m, 1m, 2m, true);

    private static readonly UsageContent Content = new(
        4711,
        "Acme Corp",
        [new DeviceUsage("SIRIS0001", "acme-siris", "S5-4", true, new DateOnly(2027, 1, 31), true, new ReportedStorage(1.50m, "TB", 1_649_267_441_664))],
        [new VolumeUsage("SIRIS0001", "vol-agent-1", "acme-dc01", VolumeType.Share, true, true, "Windows Server 2022", At)],
        [new EndpointAgentUsage("ep-laptop-1", "acme-laptop-1", "windows", "EB4PC")],
        [new SaasDomainUsage(9001, "acme.com", "Office365", 4, [new SaasSeatUsage("ann@acme.com", "Ann", "User", "Active", true)])]);

    private static readonly IReadOnlyList<SyncWarning> Warnings = [new(SyncWarningKind.StorageUnitsMissing, "read as bytes", "SIRIS0001")];

    public static IReadOnlyList<object> All { get; } =
    [
        new CustomerEvent.UsageSnapshotRecorded("snap-1", "run-1", At, "sha256:abc", Content, Warnings, Sync),
        new CustomerEvent.UsageObservedUnchanged("snap-2", "run-2", At, "sha256:abc", "snap-1", Warnings, Sync),
        new CustomerEvent.AccountMapped(4711, "Acme Corp", PsaKind.Autotask, "psa-42", "Acme Corporation", "agr-7", EffectiveFrom, Person, At),
        new CustomerEvent.AccountUnmapped(PsaKind.Autotask, "psa-42", "agr-7", "wrong company", EffectiveFrom, Person, At),
        new CustomerEvent.DattoOrganizationRenamed("drift-1", "Acme", "Acme Corp", At, Sync),
        new CustomerEvent.PsaCompanyRenamed("drift-2", "psa-42", "Acme", "Acme Corporation", At, Sync),
        new CustomerEvent.DriftAcknowledged("drift-1", "renamed on purpose", Person, At),
        new CustomerEvent.ServiceMapped(BillableService.OffsiteStorage, "User", "line-9", StorageRule, new Money(12.50m, "EUR"), EffectiveFrom, Person, At),
        new CustomerEvent.ServiceUnmapped(BillableService.OffsiteStorage, "User", "line-9", "line retired", EffectiveFrom, Person, At),
        new CustomerEvent.AssetIgnored(AssetRef.Volume("vol-agent-1"), "MSP's own share", Person, At),
        new CustomerEvent.IgnoreRevoked(AssetRef.Volume("vol-agent-1"), "customer's share after all", Person, At),
        new CustomerEvent.AssetIncluded(AssetRef.SaasSeat(9001, "ann@acme.com"), "paid seat", Person, At),
        new CustomerEvent.InclusionRevoked(AssetRef.SaasSeat(9001, "ann@acme.com"), "seat left", Person, At),
        new CustomerEvent.CustomerCountingPolicySet(CountingPolicyKind.PausedAgents, CountingChoice.Exclude, "contract says so", EffectiveFrom, Person, At),
        new CustomerEvent.CustomerCountingPolicyCleared(CountingPolicyKind.PausedAgents, "back to tenant default", EffectiveFrom, Person, At),
        new CustomerEvent.PsaQuantityObserved("line-9", 3.5m, At, Sync),
        new CustomerEvent.QuantityChangeProposed(
            ProposalId,
            BillableService.OffsiteStorage,
            "User",
            "line-9",
            3.5m,
            4.0m,
            new ProposalBasis("snap-1", "sha256:abc", At, StorageRule, 1_649_267_441_664m, [new PolicyInForce(CountingPolicyKind.PausedAgents, CountingChoice.Exclude, PolicySource.Customer)], 3, 1, 2),
            Sync,
            At),
        new CustomerEvent.QuantityChangeWithdrawn(ProposalId, "usage went back", Sync, At),
        new CustomerEvent.QuantityChangeApproved(ProposalId, "checked with the customer", Person, At),
        new CustomerEvent.QuantityChangeAutoApproved(ProposalId, new AutoApprovalTerms(BillableService.SaasSeats, "User", 2m, 10.5m), 20m, 21m, Sync, At),
        new CustomerEvent.QuantityChangeRejected(ProposalId, "customer disputes it", Person, At),
        new CustomerEvent.PsaWriteRequested(WriteId, "idem-1", ProposalId, "line-9", PsaKind.Autotask, PsaWriteStyle.Delta, 3.5m, 4.0m, new DateOnly(2025, 11, 1), Person, Sync, At),
        new CustomerEvent.PsaWriteConfirmed(WriteId, "line-9", 4.0m, Sync, At),
        new CustomerEvent.PsaWriteFailed(WriteId, "line-9", "HTTP 503 from the PSA", Sync, At),
        new CustomerEvent.PsaWriteConflictDetected(ProposalId, "line-9", 3.5m, 5m, Sync, At),
        new CustomerEvent.BillingPeriodClosed(
            "2025-10",
            new DateOnly(2025, 10, 1),
            new DateOnly(2025, 10, 31),
            [new InvoicedQuantity(BillableService.SaasSeats, "User", "line-3", 21m, new Money(3.25m, "EUR"))],
            Person,
            At),
        new CustomerEvent.BillingPeriodAdjusted("2025-10", BillableService.SaasSeats, "User", "line-3", 21m, 20m, "seat billed twice", Person, At),
        new CustomerEvent.BillingPeriodCorrected("2025-10", new DateOnly(2025, 10, 1), new DateOnly(9999, 10, 31), new DateOnly(2025, 10, 1), new DateOnly(2025, 10, 31), "end typed as 9999", Person, At),
        new CustomerEvent.UsageSnapshotVoided("run-1/4711", new DateTimeOffset(9999, 10, 31, 22, 0, 0, TimeSpan.Zero), "observed in the future", Sync, At),
        new CustomerEvent.PsaLineQuantityChanged("line-9", 5m, "jo@msp.example", EffectiveFrom, At, "run-psa-1", "sync:psa"),
        new CustomerEvent.PsaLineBillingChanged("line-9", true, At, "run-psa-1", "sync:psa"),
        new CustomerEvent.PsaLineStatusChanged("line-9", PsaLineStatus.EndDated, new DateOnly(2025, 11, 30), At, "run-psa-1", "sync:psa"),
        new CustomerEvent.QuantityChangeBlocked(
            BillableService.OffsiteStorage,
            "User",
            "line-9",
            3.5m,
            4.0m,
            BlockReason.PsaLineEnded,
            "PSA line line-9 is end-dated (2025-11-30)",
            [AssetRef.Volume("vol-agent-1")],
            "sync:reconcile",
            At),
        new CustomerEvent.QuantityChangeUnblocked(BillableService.OffsiteStorage, "User", "line-9", "Unblocked: the share was decided.", "sync:reconcile", At),
        new CustomerEvent.QuantityChangeDismissed(ProposalId, "no change this month", new DateOnly(2025, 12, 1), Person, At),
        new CustomerEvent.QuantityChangeApprovedWithEffectiveDate(ProposalId, new DateOnly(2025, 12, 1), "bulk approval", Person, At),
        new CustomerEvent.QuantityChangeProposedWithContributions(
            ProposalId,
            BillableService.OffsiteStorage,
            "User",
            "line-9",
            3.5m,
            4.0m,
            new ProposalBasis("snap-1", "sha256:abc", At, StorageRule, 2_199_023_255_552m, [new PolicyInForce(CountingPolicyKind.PausedAgents, CountingChoice.Exclude, PolicySource.Customer)], 4, 2, 3),
            [
                new OrganizationContribution("org-4711", 4711, "Acme Corp", BillableService.OffsiteStorage, "User", "snap-1", "sha256:abc", 1_649_267_441_664m, 1.5m, 3, 1, 2),
                new OrganizationContribution("org-4712", 4712, "Acme Labs", BillableService.OffsiteStorage, "User", "snap-7", "sha256:def", 549_755_813_888m, 0.5m, 1, 1, 1),
            ],
            Sync,
            At),
        new CustomerEvent.UsageNotReported("run-1", EffectiveFrom, 3, 2, TimeSpan.FromDays(3), Sync, At),
        new CustomerEvent.PsaLineSharingRecorded(
            "line-9",
            "org-4711",
            2.0m,
            [new OrganizationContribution("org-4711", 4711, "Acme Corp", BillableService.OffsiteStorage, "User", "snap-1", "sha256:abc", 1_649_267_441_664m, 1.5m, 3, 1, 2)],
            Sync,
            At),
        new CustomerEvent.BillingPeriodFrozen(
            "2025-10",
            new DateOnly(2025, 10, 1),
            new DateOnly(2025, 10, 31),
            new DateTimeOffset(2025, 11, 3, 18, 0, 0, TimeSpan.Zero),
            [new FrozenLine(BillableService.PerAgent, "Server", "cw:19300:802:40101", 6m, 5m, new Money(45m, "USD"), 225m, 270m)],
            Person,
            At),
        new CustomerEvent.FrozenPeriodAdjusted(
            "2025-10", BillableService.PerAgent, "Server", 6m, 7m, 45m, ["0196a8b0-7c1d-8e2f-9a3b-4c5d6e7f8092"], "Learned after 2025-10 was closed (sync:datto).", "system:period-adjuster", At),
        new CustomerEvent.PsaLineSharingEnded("line-9", "PSA line line-9 is no longer shared: only this customer maps it now.", Sync, At),
        new CustomerEvent.LineAdditionProposed(
            ProposalId,
            BillableService.OffsiteStorage,
            "User",
            PsaKind.Autotask,
            "psa-42",
            "agr-7",
            "29683511",
            4m,
            3.5m,
            StorageRule,
            new Money(20m, "USD"),
            new DateOnly(2025, 12, 1),
            "snap-1",
            Person,
            At),
        new CustomerEvent.LineAdditionApproved(ProposalId, new DateOnly(2025, 12, 1), "new backup customer", Person, At),
        new CustomerEvent.LineAdditionRejected(ProposalId, "billed in the bundle", Person, At),
        new CustomerEvent.LineAdditionRequested(
            WriteId,
            "Autotask:agr-7:add:29683511:0196a8b07c1d7e2f9a3b4c5d6e7f8091",
            ProposalId,
            PsaKind.Autotask,
            "psa-42",
            "agr-7",
            "29683511",
            4m,
            20m,
            new DateOnly(2025, 12, 1),
            Person,
            "sync:write-back",
            At),
        new CustomerEvent.LineAdded(WriteId, ProposalId, "line-9", 4m, "ReReadAfterLostResponse", "sync:write-back", At),
        new CustomerEvent.LineAdditionFoundExistingLine(WriteId, ProposalId, "line-9", 3m, "sync:write-back", At),
        new CustomerEvent.LineAdditionFailed(WriteId, ProposalId, "The PSA rejected the line (400): InvalidObject", "sync:write-back", At),
        new CustomerEvent.ServiceMappedByLineAddition(
            ProposalId, BillableService.OffsiteStorage, "User", "line-9", StorageRule, new Money(20m, "USD"), EffectiveFrom, "sync:write-back", At),
        new TenantEvent.CountingPolicySet(CountingPolicyKind.HiddenDevices, CountingChoice.NeedsDecision, "ask each time", EffectiveFrom, Person, At),
        new TenantEvent.AutoApprovalPolicySet(new AutoApprovalTerms(BillableService.SaasSeats, "User", 2m, 10.5m), "small seat changes", EffectiveFrom, Person, At),
        new TenantEvent.AutoApprovalPolicyCleared(BillableService.SaasSeats, "User", "every change is checked", EffectiveFrom, Person, At),
        new TenantEvent.SyncSettingsSet(new SyncSettings(TimeSpan.FromHours(2), TimeSpan.FromHours(12), ["Managed Services"], 3, TimeSpan.FromDays(4)), Person, At),
        new TenantEvent.ServiceTemplateSet(
            PsaKind.Autotask, "29683511", BillableService.SaasSeats, "User", StorageRule, new Money(20m, "USD"), Person, At),
        new TenantEvent.MonthClosed(
            "2025-10",
            new DateOnly(2025, 10, 1),
            new DateOnly(2025, 10, 31),
            new DateTimeOffset(2025, 11, 3, 18, 0, 0, TimeSpan.Zero),
            12,
            [new CloseBlocker(CloseBlockerKinds.OpenProposal, "org-4711", "PerAgent on cw:19300:802:40101: 5 to 6 is Pending.")],
            "customer agreed by phone; invoice goes out today",
            Person,
            At),
        new TenantEvent.ServiceTemplateRemoved(PsaKind.Autotask, "29683511", "storage now billed in the bundle", Person, At),
        new TenantEvent.JobIntervalSet(ScheduledJob.PsaRead, TimeSpan.FromHours(4), Person, At),
        new TenantEvent.JobCronSet(ScheduledJob.DattoSync, "0 6 * * 1-5", "Europe/Brussels", Person, At),
        new TenantEvent.JobPaused(ScheduledJob.WriteBack, "PSA migration this weekend", Person, At),
        new TenantEvent.JobResumed(ScheduledJob.WriteBack, Person, At),
        new SyncRunEvent.SyncRunStarted("run-1", "datto", "on-demand", Person, At),
        new SyncRunEvent.SyncRunCompleted(
            "run-1",
            new SyncRunCounts(12, 20, 45, 130, 9, 2, 1),
            [new SyncRunWarning("SeatsUnavailable", "9002", "seat list timed out")],
            1,
            TimeSpan.FromSeconds(12.5),
            TimeSpan.FromMilliseconds(830),
            TimeSpan.FromSeconds(13.33),
            Sync,
            At),
        new SyncRunEvent.SyncRunFailed("run-2", "Datto refused the API key", TimeSpan.FromSeconds(2), Sync, At),
        new SyncRunEvent.PsaReadRunCompleted(
            "run-psa-1",
            new PsaReadCounts(12, 1, 40, 3),
            [new SyncRunWarning("CompanyUnreadable", "cw-251", "403 Forbidden")],
            1,
            TimeSpan.FromSeconds(9),
            "sync:psa",
            At),
        new SyncRunEvent.WriteBackRunCompleted("run-wb-1", new WriteBackCounts(3, 1, 1, 5, 2, 4), TimeSpan.FromSeconds(4), "system:psa-write-back", At),
        new ApiKeyEvent.ApiKeyIssued("33fc70ff1d7f3513", "acme-msp", "finance", "month-end robot", "21f58eb73e8f4131700d08b63ee515087f65839a328e6a275785109978ec9bd3", Person),
        new ApiKeyEvent.ApiKeyRevoked("33fc70ff1d7f3513", Person),
        new CredentialsEvent.CredentialsChanged("HaloPsa", "hmac-sha256:df817d27fb3e3118", Person, At),
        new WebhookEvent.WebhookRegistered(
            "0196a8b07c1d7e2f9a3b4c5d6e7f8091", "https://alerts.acme-msp.example/ledger", ["discrepancy", "sync_failed"], 50m, true, "sha256:0a1b2c3d4e5f6071", Person, At),
        new WebhookEvent.WebhookChanged("0196a8b07c1d7e2f9a3b4c5d6e7f8091", "https://hooks.acme-msp.example/ledger", ["drift"], 100m, true, Person, At),
        new WebhookEvent.WebhookSecretRotated("0196a8b07c1d7e2f9a3b4c5d6e7f8091", "sha256:8f7e6d5c4b3a2910", Person, At),
        new WebhookEvent.WebhookDisabled("0196a8b07c1d7e2f9a3b4c5d6e7f8091", "Deliveries failed for 24 hours", "system:webhooks", At),
        new WebhookEvent.WebhookEnabled("0196a8b07c1d7e2f9a3b4c5d6e7f8091", Person, At),
        new WebhookEvent.WebhookRemoved("0196a8b07c1d7e2f9a3b4c5d6e7f8091", Person, At),
        new AlertEvent.AlertRaised(
            "5d41402abc4b2a76b9719d911017c592",
            "discrepancy",
            ["0196a8b07c1d7e2f9a3b4c5d6e7f8091"],
            new Dictionary<string, string> { ["customer"] = "org-4711", ["amount"] = "62.50" },
            "event:0196a8b0-7c1d-7e2f-9a3b-4c5d6e7f8091",
            At,
            "system:webhooks"),
        new AlertEvent.WebhookDeliveryAttempted(
            "5d41402abc4b2a76b9719d911017c592", "0196a8b07c1d7e2f9a3b4c5d6e7f8091", "discrepancy", 2, 500, "The receiver answered 500 Internal Server Error.", 183,
            DeliveryOutcome.WillRetry, At.AddMinutes(2), "system:webhooks", At),
    ];
}
