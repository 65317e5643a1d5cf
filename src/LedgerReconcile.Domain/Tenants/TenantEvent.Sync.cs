namespace LedgerReconcile.Domain.Tenants;

public abstract partial record TenantEvent
{
    /// <summary>The tenant chose its sync schedule, the PSA agreement types to read and the grace for unreported usage.</summary>
    public sealed record SyncSettingsSet(SyncSettings Settings, string Actor, DateTimeOffset SetAt) : TenantEvent;
}
