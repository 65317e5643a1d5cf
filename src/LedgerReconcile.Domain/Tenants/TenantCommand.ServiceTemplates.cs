namespace LedgerReconcile.Domain.Tenants;

public abstract partial record TenantCommand
{
    public sealed record SetServiceTemplate(ServiceTemplate Template, string Actor, DateTimeOffset Now) : TenantCommand;

    public sealed record RemoveServiceTemplate(ServiceTemplateKey Key, string Reason, string Actor, DateTimeOffset Now) : TenantCommand;
}
