namespace LedgerReconcile.Domain.Tenants;

public abstract partial record TenantCommand
{
    private TenantCommand()
    {
    }

    public sealed record SetCountingPolicy(
        CountingPolicyKind Policy,
        CountingChoice Choice,
        string Reason,
        DateTimeOffset? EffectiveFrom,
        string Actor,
        DateTimeOffset Now) : TenantCommand;

    public sealed record SetAutoApprovalPolicy(AutoApprovalRule Rule, string Reason, DateTimeOffset? EffectiveFrom, string Actor, DateTimeOffset Now) : TenantCommand;

    public sealed record ClearAutoApprovalPolicy(ServiceLine Line, string Reason, DateTimeOffset? EffectiveFrom, string Actor, DateTimeOffset Now) : TenantCommand;

    public sealed record SetSyncSettings(SyncSettings Settings, string Actor, DateTimeOffset Now) : TenantCommand;
}
