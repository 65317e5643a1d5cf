using static LedgerReconcile.Domain.Tenants.TenantCommand;
using static LedgerReconcile.Domain.Tenants.TenantEvent;

namespace LedgerReconcile.Domain.Tenants;

public static partial class TenantDecider
{
    public static TenantEvent[] Decide(TenantCommand command, TenantState state) => command switch
    {
        // Setting a policy to its default is still recorded: an explicit choice is evidence a default is not.
        SetCountingPolicy c => state.Policies.TryGetValue(c.Policy, out var current) && current == c.Choice
            ? []
            : [new CountingPolicySet(c.Policy, c.Choice, c.Reason, c.EffectiveFrom ?? c.Now, c.Actor, c.Now)],
        SetAutoApprovalPolicy c => SetAutoApproval(c, state),
        ClearAutoApprovalPolicy c => state.AutoApprovals.ContainsKey(c.Line)
            ? [new AutoApprovalPolicyCleared(c.Line.Service, c.Line.SeatType, c.Reason, c.EffectiveFrom ?? c.Now, c.Actor, c.Now)]
            : [],
        SetSyncSettings c => SetSync(c, state),
        SetServiceTemplate c => SetTemplate(c, state),
        RemoveServiceTemplate c => RemoveTemplate(c, state),
        CloseMonth c => Close(c, state),
        SetJobSchedule c => SetSchedule(c, state),
        PauseJob c => Pause(c, state),
        ResumeJob c => Resume(c, state),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown tenant command."),
    };

    private static TenantEvent[] SetAutoApproval(SetAutoApprovalPolicy command, TenantState state)
    {
        if (command.Rule.MaxAbsoluteChange < 0 || command.Rule.MaxPercentChange < 0)
        {
            throw new RuleViolationException("auto_approval.negative_limit", "Auto-approval limits cannot be negative.");
        }

        return state.AutoApprovals.TryGetValue(command.Rule.Line(), out var current) && current == command.Rule
            ? []
            : [new AutoApprovalPolicySet(command.Rule.ToTerms(), command.Reason, command.EffectiveFrom ?? command.Now, command.Actor, command.Now)];
    }

    private static TenantEvent[] SetSync(SetSyncSettings command, TenantState state)
    {
        if (command.Settings.Problem() is { } problem)
        {
            throw new RuleViolationException("sync_settings.invalid", problem);
        }

        return state.Sync is { } current && current.SameAs(command.Settings)
            ? []
            : [new SyncSettingsSet(command.Settings, command.Actor, command.Now)];
    }
}
