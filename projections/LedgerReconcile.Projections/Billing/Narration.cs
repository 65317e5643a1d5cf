using System.Globalization;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.Tenants;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Projections.Billing;

/// <summary>Sentences a finance person reads: what an event means, in the words of the invoice.</summary>
public static class Narration
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A calendar date as finance writes it.</summary>
    public static string Date(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", Invariant);

    /// <summary>A number without trailing zeros.</summary>
    public static string Number(decimal value) => value.ToString("0.############", Invariant);

    /// <summary>The unit of a line, e.g. "agents" or "TB".</summary>
    public static string Unit(ServiceLine line, UnitRule rule, decimal amount = 2) => rule.Unit switch
    {
        BillingUnit.Gigabyte => "GB",
        BillingUnit.Terabyte => "TB",
        _ => Plural(amount, line.Service switch
        {
            BillableService.PerDevice => "device",
            BillableService.PerAgent => "agent",
            BillableService.NasShares => "NAS share",
            BillableService.OffsiteStorage => "unit",
            BillableService.SaasSeats => line.SeatType is null ? "seat" : $"{line.SeatType} seat",
            BillableService.EndpointBackup => "endpoint agent",
            _ => "unit",
        }),
    };

    /// <summary>A signed quantity with its unit: "+2 agents", "-0.5 TB".</summary>
    public static string Delta(decimal delta, ServiceLine line, UnitRule rule) =>
        $"{(delta >= 0 ? "+" : "-")}{Number(Math.Abs(delta))} {Unit(line, rule, Math.Abs(delta))}";

    /// <summary>An asset named the way the MSP sees it in Datto.</summary>
    public static string Asset(AssetRef asset, UsageContent? content)
    {
        switch (asset.Kind)
        {
            case AssetKind.Device:
                var device = content?.Devices.FirstOrDefault(d => d.SerialNumber == asset.Id);
                return device is null ? $"device {asset.Id}" : $"device '{device.Name}' ({device.SerialNumber})";
            case AssetKind.Volume:
                var volume = content?.Volumes.FirstOrDefault(v => v.VolumeId == asset.Id);
                return volume switch
                {
                    null => $"volume {asset.Id}",
                    { Type: VolumeType.Share } => $"NAS share '{volume.Name}'",
                    _ => $"agent {volume.Name}",
                };
            case AssetKind.EndpointAgent:
                var agent = content?.EndpointAgents.FirstOrDefault(a => a.AssetUuid == asset.Id);
                return agent is null ? $"endpoint agent {asset.Id}" : $"endpoint agent {agent.Name}";
            case AssetKind.SaasDomain:
                var domain = content?.SaasDomains.FirstOrDefault(d => d.SaasCustomerId.ToString(Invariant) == asset.Id);
                return domain is null ? $"SaaS customer {asset.Id}" : $"SaaS domain {domain.Domain}";
            default:
                var seat = content?.SaasDomains.SelectMany(d => (d.Seats ?? []).Select(s => (Domain: d, Seat: s)))
                    .FirstOrDefault(x => AssetRef.SaasSeat(x.Domain.SaasCustomerId, x.Seat.MainId) == asset);
                return seat is { Seat: { } s } ? $"seat {s.Name}" : $"seat {asset.Id}";
        }
    }

    /// <summary>Names joined as a person writes a list: "A", "A and B", "A, B and C".</summary>
    public static string List(IReadOnlyList<string> names) => names.Count switch
    {
        0 => "",
        1 => names[0],
        _ => string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1],
    };

    /// <summary>The reason an event carries, if any.</summary>
    public static string? Reason(object @event) => @event switch
    {
        AccountUnmapped e => e.Reason,
        DriftAcknowledged e => e.Note,
        ServiceUnmapped e => e.Reason,
        AssetIgnored e => e.Reason,
        IgnoreRevoked e => e.Reason,
        AssetIncluded e => e.Reason,
        InclusionRevoked e => e.Reason,
        CustomerCountingPolicySet e => e.Reason,
        CustomerCountingPolicyCleared e => e.Reason,
        QuantityChangeWithdrawn e => e.Reason,
        QuantityChangeApproved e => e.Note,
        QuantityChangeRejected e => e.Reason,
        PsaWriteFailed e => e.Error,
        BillingPeriodAdjusted e => e.Cause,
        BillingPeriodCorrected e => e.Reason,
        UsageSnapshotVoided e => e.Reason,
        QuantityChangeBlocked e => e.Detail,
        QuantityChangeUnblocked e => e.Reason,
        QuantityChangeDismissed e => e.Reason,
        QuantityChangeApprovedWithEffectiveDate e => e.Note,
        LineAdditionApproved e => e.Note,
        LineAdditionRejected e => e.Reason,
        LineAdditionFailed e => e.Error,
        TenantEvent.CountingPolicySet e => e.Reason,
        TenantEvent.AutoApprovalPolicySet e => e.Reason,
        TenantEvent.MonthClosed e => $"Month {e.Month} closed for the whole book ({Count(e.CustomersFrozen, "customer")})"
            + (e.Overridden.Count > 0 ? $" over {Count(e.Overridden.Count, "blocker")}: {e.OverrideReason}" : "") + ".",
        TenantEvent.AutoApprovalPolicyCleared e => e.Reason,
        TenantEvent.JobPaused e => e.Reason,
        _ => null,
    };

    /// <summary>What a customer event says, in one sentence (without who and when, which the entry carries).</summary>
    public static string Describe(CustomerEvent @event, UsageContent? content) => @event switch
    {
        UsageSnapshotRecorded e => $"Datto usage snapshot {e.SnapshotId} observed on {Date(e.ObservedAt)}: "
            + $"{Count(e.Content.Devices.Count, "device")}, {Count(e.Content.Volumes.Count(v => v.Type == VolumeType.Agent), "agent")}, "
            + $"{Count(e.Content.Volumes.Count(v => v.Type == VolumeType.Share), "NAS share")}, {Count(e.Content.EndpointAgents.Count, "endpoint agent")}, "
            + $"{Count(e.Content.SaasDomains.Count, "SaaS domain")}"
            + (e.Warnings.Count > 0 ? $" ({Count(e.Warnings.Count, "warning")}: {string.Join("; ", e.Warnings.Select(w => w.Message))})" : "")
            + ".",
        UsageObservedUnchanged e => $"Datto usage observed unchanged on {Date(e.ObservedAt)} (same content as snapshot {e.SameContentAs}).",
        AccountMapped e => $"Datto organization '{e.DattoOrganizationName}' mapped to {e.PsaKind} company '{e.PsaCompanyName}' ({e.PsaCompanyId}), agreement {e.AgreementId}, from {Date(e.EffectiveFrom)}.",
        AccountUnmapped e => $"Account mapping to {e.PsaKind} company {e.PsaCompanyId} (agreement {e.AgreementId}) removed from {Date(e.EffectiveFrom)}.",
        DattoOrganizationRenamed e => $"Datto organization renamed from '{e.From}' to '{e.To}'.",
        PsaCompanyRenamed e => $"PSA company {e.PsaCompanyId} renamed from '{e.From}' to '{e.To}'.",
        DriftAcknowledged e => $"Drift {e.DriftId} acknowledged.",
        ServiceMapped e => $"{new ServiceLine(e.Service, e.SeatType)} mapped to PSA line {e.PsaLineId}"
            + (e.UnitPrice is { } price ? $" at {Number(price.Amount)} {price.Currency} per {Unit(new ServiceLine(e.Service, e.SeatType), UnitRule.From(e.UnitRule), 1)}" : "")
            + $", from {Date(e.EffectiveFrom)}.",
        ServiceUnmapped e => $"{new ServiceLine(e.Service, e.SeatType)} no longer mapped to PSA line {e.PsaLineId}, from {Date(e.EffectiveFrom)}.",
        AssetIgnored e => $"{Capitalise(Asset(e.Asset, content))} ignored.",
        IgnoreRevoked e => $"Ignore of {Asset(e.Asset, content)} revoked.",
        AssetIncluded e => $"{Capitalise(Asset(e.Asset, content))} included.",
        InclusionRevoked e => $"Inclusion of {Asset(e.Asset, content)} revoked.",
        CustomerCountingPolicySet e => $"Counting policy {e.Policy} set to {e.Choice} for this customer from {Date(e.EffectiveFrom)}.",
        CustomerCountingPolicyCleared e => $"Customer's own {e.Policy} policy cleared from {Date(e.EffectiveFrom)}: the tenant's policy applies.",
        PsaQuantityObserved e => $"PSA line {e.PsaLineId} read: quantity {Number(e.Quantity)}.",
        QuantityChangeProposed e => $"Proposed to change {new ServiceLine(e.Service, e.SeatType)} on PSA line {e.PsaLineId} from {Number(e.From)} to {Number(e.To)}.",
        QuantityChangeWithdrawn => "Proposal withdrawn.",
        QuantityChangeApproved => "Proposal approved.",
        QuantityChangeAutoApproved e => $"Proposal auto-approved by the tenant's rule for {new ServiceLine(e.Rule.Service, e.Rule.SeatType)}: {Number(e.From)} to {Number(e.To)} "
            + $"is within {Number(e.Rule.MaxAbsoluteChange)} {Plural(e.Rule.MaxAbsoluteChange, "unit")} and {Number(e.Rule.MaxPercentChange)}%.",
        QuantityChangeRejected => "Proposal rejected.",
        PsaWriteRequested e => $"Write to PSA line {e.PsaLineId} requested: {Number(e.From)} to {Number(e.To)} ({e.Style}"
            + (e.EffectiveDate is { } date ? $", effective {date.ToString("yyyy-MM-dd", Invariant)}" : "") + $"), approved by {e.ApprovedBy}.",
        PsaWriteConfirmed e => $"PSA line {e.PsaLineId} now reads {Number(e.QuantityAfter)}.",
        PsaWriteFailed e => $"Write to PSA line {e.PsaLineId} failed.",
        PsaWriteConflictDetected e => $"PSA line {e.PsaLineId} was edited by hand: expected {Number(e.ExpectedQuantity)}, found {Number(e.FoundQuantity)}; nothing was written.",
        BillingPeriodClosed e => $"Billing period {e.PeriodId} ({e.PeriodStart:yyyy-MM-dd} to {e.PeriodEnd:yyyy-MM-dd}) closed: "
            + string.Join(", ", e.Lines.Select(l => $"{new ServiceLine(l.Service, l.SeatType)} {Number(l.Quantity)}")) + ".",
        BillingPeriodAdjusted e => $"Closed period {e.PeriodId}: {new ServiceLine(e.Service, e.SeatType)} adjusted from {Number(e.From)} to {Number(e.To)}.",
        BillingPeriodCorrected e => $"Closed period {e.PeriodId} corrected from {e.FromStart:yyyy-MM-dd} to {e.FromEnd:yyyy-MM-dd} to {e.PeriodStart:yyyy-MM-dd} to {e.PeriodEnd:yyyy-MM-dd}.",
        UsageSnapshotVoided e => $"Datto usage snapshot {e.SnapshotId}, said to be observed on {Date(e.ObservedAt)}, voided: it no longer counts as the present usage.",
        PsaLineQuantityChanged e => $"PSA line {e.PsaLineId} read in run {e.RunId}: quantity now {Number(e.Quantity)}" + (e.ChangedBy is { } by ? $", changed on the PSA by {by}." : "."),
        PsaLineBillingChanged e => $"PSA line {e.PsaLineId} is {(e.Billed ? "billed again" : "marked as not billed")}.",
        PsaLineStatusChanged e => $"PSA line {e.PsaLineId} found {e.Status}" + (e.EndDate is { } end ? $" (ends {end.ToString("yyyy-MM-dd", Invariant)})." : "."),
        QuantityChangeBlocked e => $"{new ServiceLine(e.Service, e.SeatType)} not proposed ({Number(e.From)} to {Number(e.To)}): {e.Reason}.",
        QuantityChangeUnblocked e => $"{new ServiceLine(e.Service, e.SeatType)} no longer blocked.",
        QuantityChangeDismissed e => $"Proposal dismissed until {e.Until.ToString("yyyy-MM-dd", Invariant)}.",
        QuantityChangeApprovedWithEffectiveDate e => $"Proposal approved, effective {e.EffectiveDate.ToString("yyyy-MM-dd", Invariant)}.",
        QuantityChangeProposedWithContributions e => $"Proposed to change {new ServiceLine(e.Service, e.SeatType)} on PSA line {e.PsaLineId} from {Number(e.From)} to {Number(e.To)}, "
            + $"the sum of {e.Contributions.Count} organizations: "
            + string.Join(", ", e.Contributions.Select(c => $"{c.OrganizationName ?? c.CustomerKey} {Number(c.Units)}")) + ".",
        PsaLineSharingRecorded { Total: { } total } e => $"PSA line {e.PsaLineId} is shared by {e.Contributions.Count} organizations and reconciled here: their sum is {Number(total)} ("
            + string.Join(", ", e.Contributions.Select(c => $"{c.OrganizationName ?? c.CustomerKey} {Number(c.Units)}")) + ").",
        PsaLineSharingRecorded e => $"PSA line {e.PsaLineId} is shared with other organizations and reconciled, summed, in customer {e.HomeCustomerKey}.",
        PsaLineSharingEnded e => e.Reason,
        BillingPeriodFrozen e => $"Month {e.PeriodId} closed at {e.CutOff.ToString("yyyy-MM-dd HH:mm", Invariant)} UTC with {Count(e.Lines.Count, "line")}: "
            + string.Join(", ", e.Lines.Select(l => $"{l.Line} {Number(l.DattoQuantity)} billable, PSA {(l.PsaQuantity is { } psa ? Number(psa) : "not read")}")) + ".",
        FrozenPeriodAdjusted e => $"Closed month {e.PeriodId} adjusted: {new ServiceLine(e.Service, e.SeatType)} {Number(e.From)} to {Number(e.To)}. {e.Cause}",
        UsageNotReported e => $"Not reported by Datto since {Date(e.LastReportedAt)} ({Count(e.MissedSyncs, "completed sync")} missed): nothing billable until it reports again.",
        LineAdditionProposed e => $"Proposed to add {e.PsaKind} product {e.ProductId} to agreement {e.AgreementId} for {new ServiceLine(e.Service, e.SeatType)}: "
            + $"{Number(e.Quantity)} at {Number(e.UnitPrice.Amount)} {e.UnitPrice.Currency}, from {e.EffectiveDate.ToString("yyyy-MM-dd", Invariant)} (new revenue).",
        LineAdditionApproved e => $"Line addition approved, effective {e.EffectiveDate.ToString("yyyy-MM-dd", Invariant)}.",
        LineAdditionRejected => "Line addition rejected.",
        LineAdditionRequested e => $"Adding {e.PsaKind} product {e.ProductId} ({Number(e.Quantity)}) to agreement {e.AgreementId} requested, approved by {e.ApprovedBy}.",
        LineAdded e => $"PSA line {e.PsaLineId} added with quantity {Number(e.Quantity)}.",
        LineAdditionFoundExistingLine e => $"Nothing added: the agreement already had PSA line {e.PsaLineId} (quantity {Number(e.Quantity)}) for the product; it is mapped instead.",
        LineAdditionFailed => "Line addition failed.",
        ServiceMappedByLineAddition e => $"{new ServiceLine(e.Service, e.SeatType)} mapped to the added PSA line {e.PsaLineId} at {Number(e.UnitPrice.Amount)} {e.UnitPrice.Currency}"
            + $" per {Unit(new ServiceLine(e.Service, e.SeatType), UnitRule.From(e.UnitRule), 1)}, from {Date(e.EffectiveFrom)}.",
        _ => @event.GetType().Name + ".",
    };

    /// <summary>What a tenant event says.</summary>
    public static string Describe(TenantEvent @event) => @event switch
    {
        TenantEvent.CountingPolicySet e => $"Tenant-wide counting policy {e.Policy} set to {e.Choice} from {Date(e.EffectiveFrom)}.",
        TenantEvent.AutoApprovalPolicySet e => $"Auto-approval for {new ServiceLine(e.Rule.Service, e.Rule.SeatType)} set: changes of at most {Number(e.Rule.MaxAbsoluteChange)} "
            + $"{Plural(e.Rule.MaxAbsoluteChange, "unit")} and {Number(e.Rule.MaxPercentChange)}% need no person, from {Date(e.EffectiveFrom)}.",
        TenantEvent.AutoApprovalPolicyCleared e => $"Auto-approval for {new ServiceLine(e.Service, e.SeatType)} cleared: every change needs a person's approval.",
        TenantEvent.JobIntervalSet e => $"The {e.Job.Name()} runs every {Number((decimal)e.Interval.TotalMinutes)} minutes from now on.",
        TenantEvent.JobCronSet e => $"The {e.Job.Name()} runs at '{e.Cron}' ({e.TimeZone}) from now on.",
        TenantEvent.JobPaused e => $"The {e.Job.Name()} schedule is paused; it runs only when asked for.",
        TenantEvent.JobResumed e => $"The {e.Job.Name()} schedule is resumed.",
        _ => @event.GetType().Name + ".",
    };

    private static string Count(int count, string noun) => $"{count} {Plural(count, noun)}";

    private static string Plural(decimal amount, string noun) => amount == 1 ? noun : noun + "s";

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
