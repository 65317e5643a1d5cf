using static LedgerReconcile.Domain.Tenants.TenantCommand;
using static LedgerReconcile.Domain.Tenants.TenantEvent;

namespace LedgerReconcile.Domain.Tenants;

public static partial class TenantDecider
{
    private static TenantEvent[] Close(CloseMonth command, TenantState state)
    {
        if (state.ClosedMonths.ContainsKey(command.Month))
        {
            throw new RuleViolationException("period.already_closed", $"Month {command.Month} is closed; closed months are never reopened, correct them with adjustments.");
        }

        if (command.Overridden.Count > 0 && string.IsNullOrWhiteSpace(command.OverrideReason))
        {
            throw new RuleViolationException("period.override_needs_reason", "Closing over blockers needs a reason.");
        }

        return
        [
            new MonthClosed(
                command.Month,
                command.PeriodStart,
                command.PeriodEnd,
                command.CutOff,
                command.CustomersFrozen,
                command.Overridden,
                command.OverrideReason,
                command.Actor,
                command.Now),
        ];
    }
}
