using System.Collections.Immutable;
using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Domain.Customers;

/// <summary>What can be asked of one customer's ledger. Every command carries who asks and the time it is asked at.</summary>
public abstract partial record CustomerCommand
{
    private CustomerCommand()
    {
    }

    public sealed record RecordUsageSnapshot(
        string SnapshotId,
        string? SyncRunId,
        DateTimeOffset ObservedAt,
        long? OrganizationId,
        string OrganizationName,
        IReadOnlyList<ObservedDevice> Devices,
        IReadOnlyList<VolumeUsage> Volumes,
        IReadOnlyList<EndpointAgentUsage> EndpointAgents,
        IReadOnlyList<SaasDomainUsage> SaasDomains,
        IReadOnlyList<SyncWarning> Warnings,
        string Actor,
        DateTimeOffset Now) : CustomerCommand;

    public sealed record MapAccount(
        long? OrganizationId,
        string DattoOrganizationName,
        PsaKind PsaKind,
        string PsaCompanyId,
        string PsaCompanyName,
        string AgreementId,
        DateTimeOffset? EffectiveFrom,
        string Actor,
        DateTimeOffset Now) : CustomerCommand;

    public sealed record UnmapAccount(string Reason, DateTimeOffset? EffectiveFrom, string Actor, DateTimeOffset Now) : CustomerCommand;

    public sealed record RecordPsaCompanyName(string PsaCompanyId, string Name, DateTimeOffset ObservedAt, string Actor, DateTimeOffset Now) : CustomerCommand;

    public sealed record AcknowledgeDrift(string DriftId, string Note, string Actor, DateTimeOffset Now) : CustomerCommand;

    public sealed record MapService(
        ServiceLine Line,
        string PsaLineId,
        UnitRule UnitRule,
        Money? UnitPrice,
        DateTimeOffset? EffectiveFrom,
        string Actor,
        DateTimeOffset Now) : CustomerCommand;

    public sealed record UnmapService(ServiceLine Line, string Reason, DateTimeOffset? EffectiveFrom, string Actor, DateTimeOffset Now) : CustomerCommand;

    public sealed record IgnoreAsset(AssetRef Asset, string Reason, string Actor, DateTimeOffset Now) : CustomerCommand;

    public sealed record RevokeIgnore(AssetRef Asset, string Reason, string Actor, DateTimeOffset Now) : CustomerCommand;

    public sealed record IncludeAsset(AssetRef Asset, string Reason, string Actor, DateTimeOffset Now) : CustomerCommand;

    public sealed record RevokeInclusion(AssetRef Asset, string Reason, string Actor, DateTimeOffset Now) : CustomerCommand;

    /// <param name="Choice">Null clears the override, so the tenant's policy applies again.</param>
    public sealed record SetCustomerCountingPolicy(
        CountingPolicyKind Policy,
        CountingChoice? Choice,
        string Reason,
        DateTimeOffset? EffectiveFrom,
        string Actor,
        DateTimeOffset Now) : CustomerCommand;

    public sealed record ObservePsaQuantity(string PsaLineId, decimal Quantity, DateTimeOffset ObservedAt, string Actor, DateTimeOffset Now) : CustomerCommand;

    /// <param name="TenantPolicies">The tenant's counting policies in force, read from the tenant stream.</param>
    public sealed record ProposeQuantityChange(
        Guid ProposalId,
        ServiceLine Line,
        ImmutableDictionary<CountingPolicyKind, CountingChoice> TenantPolicies,
        string Actor,
        DateTimeOffset Now) : CustomerCommand;

    /// <param name="EffectiveDate">When the change takes effect on the PSA; null keeps the write-back's default.</param>
    public sealed record ApproveQuantityChange(Guid ProposalId, string? Note, string Actor, DateTimeOffset Now, DateOnly? EffectiveDate = null) : CustomerCommand;

    /// <param name="Rules">The tenant's auto-approval rules in force, read from the tenant stream.</param>
    public sealed record AutoApproveQuantityChange(Guid ProposalId, IReadOnlyCollection<AutoApprovalRule> Rules, string Actor, DateTimeOffset Now) : CustomerCommand;

    public sealed record RejectQuantityChange(Guid ProposalId, string Reason, string Actor, DateTimeOffset Now) : CustomerCommand;

    /// <param name="CurrentPsaQuantity">The line's quantity read from the PSA just before writing.</param>
    public sealed record RequestPsaWrite(
        Guid WriteId,
        Guid ProposalId,
        decimal CurrentPsaQuantity,
        DateTimeOffset ReadAt,
        DateOnly? EffectiveDate,
        string Actor,
        DateTimeOffset Now) : CustomerCommand;

    /// <param name="QuantityAfter">The line's quantity read back from the PSA after the write.</param>
    public sealed record ConfirmPsaWrite(Guid WriteId, decimal QuantityAfter, DateTimeOffset ReadAt, string Actor, DateTimeOffset Now) : CustomerCommand;

    public sealed record RecordPsaWriteFailure(Guid WriteId, string Error, string Actor, DateTimeOffset Now) : CustomerCommand;

    public sealed record CloseBillingPeriod(
        string PeriodId,
        DateOnly PeriodStart,
        DateOnly PeriodEnd,
        IReadOnlyList<InvoicedQuantity> Lines,
        string Actor,
        DateTimeOffset Now) : CustomerCommand;

    public sealed record CorrectBillingPeriod(string PeriodId, DateOnly PeriodStart, DateOnly PeriodEnd, string Reason, string Actor, DateTimeOffset Now) : CustomerCommand;

    public sealed record AdjustClosedPeriod(string PeriodId, ServiceLine Line, decimal Quantity, string Cause, string Actor, DateTimeOffset Now) : CustomerCommand;
}

/// <summary>A device as the sync read it; storage is still the raw <c>{size, units}</c> pair.</summary>
public sealed record ObservedDevice(
    string SerialNumber,
    string Name,
    string Model,
    bool Hidden,
    DateOnly? ServicePeriodEnd,
    bool IsAzure,
    decimal? OffsiteSize,
    string? OffsiteUnits);
