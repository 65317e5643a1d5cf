namespace LedgerReconcile.Domain.Billing;

/// <summary>What makes a unit rule fit a service line, for a service mapping and a tenant's service template alike.</summary>
public static class ServiceLineRules
{
    public static void EnsureFits(ServiceLine line, UnitRule rule)
    {
        if (line.Service == BillableService.OffsiteStorage != rule.IsStorageUnit)
        {
            throw new RuleViolationException(
                "service.unit_mismatch",
                line.Service == BillableService.OffsiteStorage
                    ? "Offsite storage is billed in gigabytes or terabytes."
                    : $"{line.Service} is billed per item, not in {rule.Unit}.");
        }

        if (line.SeatType is not null && line.Service != BillableService.SaasSeats)
        {
            throw new RuleViolationException("service.seat_type_not_applicable", "Only SaaS seats can be mapped per seat type.");
        }
    }
}
