namespace LedgerReconcile.Domain.Tenants;

public abstract partial record TenantCommand
{
    public sealed record CloseMonth(
        string Month,
        DateOnly PeriodStart,
        DateOnly PeriodEnd,
        DateTimeOffset CutOff,
        int CustomersFrozen,
        IReadOnlyList<CloseBlocker> Overridden,
        string? OverrideReason,
        string Actor,
        DateTimeOffset Now) : TenantCommand;
}
