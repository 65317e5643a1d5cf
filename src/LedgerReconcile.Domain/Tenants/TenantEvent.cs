namespace LedgerReconcile.Domain.Tenants;

/// <summary>The facts of a tenant's settings stream. Stored names live in <see cref="EventRegistry"/>.</summary>
public abstract partial record TenantEvent
{
    private TenantEvent()
    {
    }

    /// <summary>The tenant's default answer to a counting question, for every customer without an override.</summary>
    public sealed record CountingPolicySet(
        CountingPolicyKind Policy,
        CountingChoice Choice,
        string Reason,
        DateTimeOffset EffectiveFrom,
        string Actor,
        DateTimeOffset DecidedAt) : TenantEvent;

    /// <summary>From now on, proposals for this service line within both limits are approved without a person.</summary>
    public sealed record AutoApprovalPolicySet(
        AutoApprovalTerms Rule,
        string Reason,
        DateTimeOffset EffectiveFrom,
        string Actor,
        DateTimeOffset DecidedAt) : TenantEvent;

    /// <summary>Proposals for this service line wait for a person again.</summary>
    public sealed record AutoApprovalPolicyCleared(
        BillableService Service,
        string? SeatType,
        string Reason,
        DateTimeOffset EffectiveFrom,
        string Actor,
        DateTimeOffset DecidedAt) : TenantEvent;

    public static DateTimeOffset ValidTime(TenantEvent @event) => @event switch
    {
        CountingPolicySet e => e.EffectiveFrom,
        AutoApprovalPolicySet e => e.EffectiveFrom,
        AutoApprovalPolicyCleared e => e.EffectiveFrom,
        SyncSettingsSet e => e.SetAt,
        ServiceTemplateSet e => e.SetAt,
        ServiceTemplateRemoved e => e.RemovedAt,
        MonthClosed e => e.ClosedAt,
        JobIntervalSet e => e.SetAt,
        JobCronSet e => e.SetAt,
        JobPaused e => e.PausedAt,
        JobResumed e => e.ResumedAt,
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown tenant event."),
    };
}

/// <summary>The limits of an <see cref="AutoApprovalRule"/> as stored, so that the stored form never follows the rule's code.</summary>
public sealed record AutoApprovalTerms(BillableService Service, string? SeatType, decimal MaxAbsoluteChange, decimal MaxPercentChange);
