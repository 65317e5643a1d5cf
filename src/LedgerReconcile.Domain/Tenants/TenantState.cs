using System.Collections.Immutable;
using static LedgerReconcile.Domain.Tenants.TenantEvent;

namespace LedgerReconcile.Domain.Tenants;

/// <param name="Policies">Only the policies the tenant has set; the rest fall back to the defaults.</param>
public sealed record TenantState(ImmutableDictionary<CountingPolicyKind, CountingChoice> Policies)
{
    /// <summary>Service lines whose small changes are approved without a person; absent: a person approves.</summary>
    public ImmutableDictionary<ServiceLine, AutoApprovalRule> AutoApprovals { get; init; } = ImmutableDictionary<ServiceLine, AutoApprovalRule>.Empty;

    /// <summary>The tenant's own sync schedule and grace periods; null until it sets them, so the host's defaults apply.</summary>
    public SyncSettings? Sync { get; init; }

    /// <summary>The tenant's service templates by PSA product.</summary>
    public ImmutableDictionary<ServiceTemplateKey, ServiceTemplate> Templates { get; init; } = ImmutableDictionary<ServiceTemplateKey, ServiceTemplate>.Empty;

    /// <summary>Months closed for the whole book, by month (yyyy-MM).</summary>
    public ImmutableDictionary<string, ClosedMonth> ClosedMonths { get; init; } = ImmutableDictionary<string, ClosedMonth>.Empty;

    /// <summary>The jobs whose timing the tenant chose (by the schedule or by a sync-settings interval); the rest follow the host's defaults.</summary>
    public ImmutableDictionary<ScheduledJob, ChosenTiming> Schedules { get; init; } = ImmutableDictionary<ScheduledJob, ChosenTiming>.Empty;

    public ImmutableHashSet<ScheduledJob> PausedJobs { get; init; } = [];

    public static TenantState Initial { get; } = new(ImmutableDictionary<CountingPolicyKind, CountingChoice>.Empty);

    public static TenantState Fold(IEnumerable<TenantEvent> events) => events.Aggregate(Initial, Evolve);

    public static TenantState Evolve(TenantState state, TenantEvent @event) => @event switch
    {
        CountingPolicySet e => state with { Policies = state.Policies.SetItem(e.Policy, e.Choice) },
        AutoApprovalPolicySet e => state.WithAutoApproval(AutoApprovalRule.From(e.Rule)),
        AutoApprovalPolicyCleared e => state with { AutoApprovals = state.AutoApprovals.Remove(new ServiceLine(e.Service, e.SeatType)) },
        SyncSettingsSet e => state.WithSyncIntervals(e) with { Sync = e.Settings },
        ServiceTemplateSet e => state with { Templates = state.Templates.SetItem(new ServiceTemplateKey(e.Psa, e.ProductId), ServiceTemplate.From(e)) },
        ServiceTemplateRemoved e => state with { Templates = state.Templates.Remove(new ServiceTemplateKey(e.Psa, e.ProductId)) },
        MonthClosed e => state with { ClosedMonths = state.ClosedMonths.SetItem(e.Month, new ClosedMonth(e.Month, e.CutOff, e.ClosedAt, e.Actor, e.OverrideReason)) },
        JobIntervalSet e => state with { Schedules = state.Schedules.SetItem(e.Job, new ChosenTiming(JobTiming.Every(e.Interval), e.SetAt)) },
        JobCronSet e => state with { Schedules = state.Schedules.SetItem(e.Job, new ChosenTiming(JobTiming.At(e.Cron, e.TimeZone), e.SetAt)) },
        JobPaused e => state with { PausedJobs = state.PausedJobs.Add(e.Job) },
        JobResumed e => state with { PausedJobs = state.PausedJobs.Remove(e.Job) },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown tenant event."),
    };

    // The sync settings' intervals were the schedules before there were schedules. An interval the tenant changes there is
    // its newest choice for that job; one it merely sends again unchanged leaves a cron schedule chosen since in force.
    private TenantState WithSyncIntervals(SyncSettingsSet e)
    {
        var schedules = Schedules;
        if (Sync?.DattoSyncInterval != e.Settings.DattoSyncInterval)
        {
            schedules = schedules.SetItem(ScheduledJob.DattoSync, new ChosenTiming(JobTiming.Every(e.Settings.DattoSyncInterval), e.SetAt));
        }

        if (Sync?.PsaReadInterval != e.Settings.PsaReadInterval)
        {
            schedules = schedules.SetItem(ScheduledJob.PsaRead, new ChosenTiming(JobTiming.Every(e.Settings.PsaReadInterval), e.SetAt));
        }

        return this with { Schedules = schedules };
    }

    private TenantState WithAutoApproval(AutoApprovalRule rule) => this with { AutoApprovals = AutoApprovals.SetItem(rule.Line(), rule) };
}
