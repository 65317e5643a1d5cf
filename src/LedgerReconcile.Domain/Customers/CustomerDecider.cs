using System.Globalization;
using LedgerReconcile.Domain.Billing;
using static LedgerReconcile.Domain.Customers.CustomerCommand;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Domain.Customers;

public static class CustomerDecider
{
    public static CustomerEvent[] Decide(CustomerCommand command, CustomerState state) => command switch
    {
        RecordUsageSnapshot c => RecordSnapshot(c, state),
        MapAccount c => Map(c, state),
        UnmapAccount c => Unmap(c, state),
        RecordPsaCompanyName c => RecordPsaName(c, state),
        AcknowledgeDrift c => Acknowledge(c, state),
        MapService c => Map(c, state),
        UnmapService c => Unmap(c, state),
        IgnoreAsset c => Ignore(c, state),
        RevokeIgnore c => state.Ignored.ContainsKey(c.Asset) ? [new IgnoreRevoked(c.Asset, c.Reason, c.Actor, c.Now)] : [],
        IncludeAsset c => Include(c, state),
        RevokeInclusion c => state.Included.ContainsKey(c.Asset) ? [new InclusionRevoked(c.Asset, c.Reason, c.Actor, c.Now)] : [],
        SetCustomerCountingPolicy c => SetPolicy(c, state),
        ObservePsaQuantity c => Observe(c, state),
        ProposeQuantityChange c => Propose(c, state),
        ApproveQuantityChange c => Approve(c, state),
        AutoApproveQuantityChange c => AutoApprove(c, state),
        RejectQuantityChange c => Reject(c, state),
        RequestPsaWrite c => RequestWrite(c, state),
        ConfirmPsaWrite c => Confirm(c, state),
        RecordPsaWriteFailure c => RecordFailure(c, state),
        CloseBillingPeriod c => Close(c, state),
        AdjustClosedPeriod c => Adjust(c, state),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown customer command."),
    };

    private static CustomerEvent[] RecordSnapshot(RecordUsageSnapshot command, CustomerState state)
    {
        if (state.RecordedSnapshotIds.Contains(command.SnapshotId))
        {
            return [];
        }

        if (state.Usage?.Content.OrganizationId is { } knownOrganization && command.OrganizationId is { } organization && knownOrganization != organization)
        {
            throw new RuleViolationException(
                "snapshot.other_organization",
                $"This ledger belongs to Datto organization {knownOrganization}, not {organization}.");
        }

        var (content, warnings) = SnapshotContent(command, state);
        var hash = UsageContentHash.Compute(content);
        var current = state.Usage;
        var isNewest = current is null || command.ObservedAt >= current.LastSeenAt;

        if (current is not null && hash == current.ContentHash && command.ObservedAt >= current.LastSeenAt)
        {
            return command.ObservedAt == current.LastSeenAt
                ? []
                : [new UsageObservedUnchanged(command.SnapshotId, command.SyncRunId, command.ObservedAt, hash, current.ContentSnapshotId, warnings, command.Actor)];
        }

        var snapshot = new UsageSnapshotRecorded(command.SnapshotId, command.SyncRunId, command.ObservedAt, hash, content, warnings, command.Actor);
        return isNewest && state.DattoOrganizationName is { } knownName && knownName != content.OrganizationName
            ? [new DattoOrganizationRenamed($"datto-name:{command.SnapshotId}", knownName, content.OrganizationName, command.ObservedAt, command.Actor), snapshot]
            : [snapshot];
    }

    private static (UsageContent Content, IReadOnlyList<SyncWarning> Warnings) SnapshotContent(RecordUsageSnapshot command, CustomerState state)
    {
        EnsureUnique(command.Devices.Select(d => d.SerialNumber), "device serial number");
        EnsureUnique(command.Volumes.Select(v => v.VolumeId), "volume id");
        EnsureUnique(command.EndpointAgents.Select(a => a.AssetUuid), "endpoint agent id");
        EnsureUnique(command.SaasDomains.Select(d => d.SaasCustomerId.ToString(CultureInfo.InvariantCulture)), "SaaS customer id");
        foreach (var domain in command.SaasDomains)
        {
            EnsureUnique((domain.Seats ?? []).Select(s => s.MainId), $"seat of SaaS customer {domain.SaasCustomerId}");
        }

        var serials = command.Devices.Select(d => d.SerialNumber).ToHashSet(StringComparer.Ordinal);
        if (command.Volumes.FirstOrDefault(v => !serials.Contains(v.DeviceSerial)) is { } orphan)
        {
            throw new RuleViolationException("snapshot.unknown_device", $"Volume {orphan.VolumeId} names device {orphan.DeviceSerial}, which the snapshot does not list.");
        }

        var warnings = command.Warnings.ToList();
        var devices = command.Devices.Select(device => Normalise(device, warnings)).ToList();

        // A device whose assets could not be read keeps its last known assets, so one failed call does not look like
        // every agent on the appliance was removed.
        var unreadable = command.Warnings
            .Where(w => w.Kind == SyncWarningKind.AssetsUnreadable && w.DeviceSerial is not null)
            .Select(w => w.DeviceSerial!)
            .ToHashSet(StringComparer.Ordinal);
        var carried = (state.Usage?.Content.Volumes ?? [])
            .Where(v => unreadable.Contains(v.DeviceSerial) && serials.Contains(v.DeviceSerial))
            .ToList();
        var volumes = command.Volumes
            .Where(v => !unreadable.Contains(v.DeviceSerial))
            .Concat(carried)
            .ToList();

        var endpointAgents = CarryEndpointAgents(command, state);
        var saasDomains = CarrySaasDomains(command, state);
        devices = CarryStorage(command, state, devices);

        foreach (var domain in saasDomains.Where(d => d.Seats is null))
        {
            if (!warnings.Any(w => w.Kind == SyncWarningKind.SeatsUnavailable && w.Message.Contains(domain.Domain, StringComparison.Ordinal)))
            {
                warnings.Add(new SyncWarning(SyncWarningKind.SeatsUnavailable, $"Seats of {domain.Domain} could not be listed; counted {domain.SeatsUsed} from seatsUsed."));
            }
        }

        var content = new UsageContent(command.OrganizationId, command.OrganizationName, devices, volumes, endpointAgents, saasDomains);
        return (content, warnings);
    }

    // The same rule as for assets: a list that could not be read is unknown, not empty, so what was last known stays.
    private static IReadOnlyList<EndpointAgentUsage> CarryEndpointAgents(RecordUsageSnapshot command, CustomerState state)
    {
        if (!command.Warnings.Any(w => w.Kind == SyncWarningKind.EndpointAgentsUnreadable))
        {
            return command.EndpointAgents;
        }

        var listed = command.EndpointAgents.Select(a => a.AssetUuid).ToHashSet(StringComparer.Ordinal);
        return [.. command.EndpointAgents, .. (state.Usage?.Content.EndpointAgents ?? []).Where(a => !listed.Contains(a.AssetUuid))];
    }

    private static IReadOnlyList<SaasDomainUsage> CarrySaasDomains(RecordUsageSnapshot command, CustomerState state)
    {
        if (!command.Warnings.Any(w => w.Kind == SyncWarningKind.SaasUnreadable))
        {
            return command.SaasDomains;
        }

        var listed = command.SaasDomains.Select(d => d.SaasCustomerId).ToHashSet();
        return [.. command.SaasDomains, .. (state.Usage?.Content.SaasDomains ?? []).Where(d => !listed.Contains(d.SaasCustomerId))];
    }

    private static List<DeviceUsage> CarryStorage(RecordUsageSnapshot command, CustomerState state, List<DeviceUsage> devices)
    {
        var unreadable = command.Warnings
            .Where(w => w.Kind == SyncWarningKind.StorageUnreadable && w.DeviceSerial is not null)
            .Select(w => w.DeviceSerial!)
            .ToHashSet(StringComparer.Ordinal);
        if (unreadable.Count == 0)
        {
            return devices;
        }

        var known = (state.Usage?.Content.Devices ?? []).ToDictionary(d => d.SerialNumber, d => d.OffsiteStorage, StringComparer.Ordinal);
        return devices
            .Select(d => unreadable.Contains(d.SerialNumber) && d.OffsiteStorage is null && known.TryGetValue(d.SerialNumber, out var last)
                ? d with { OffsiteStorage = last }
                : d)
            .ToList();
    }

    private static DeviceUsage Normalise(ObservedDevice device, List<SyncWarning> warnings)
    {
        ReportedStorage? offsite = null;
        if (device.OffsiteSize is { } size)
        {
            if (!StorageSize.TryToBytes(size, device.OffsiteUnits, out var bytes))
            {
                throw new RuleViolationException(
                    "snapshot.unreadable_storage",
                    $"Offsite storage of device {device.SerialNumber} ({size} {device.OffsiteUnits}) is negative, too large or in unknown units.");
            }

            if (StorageSize.IsMissing(device.OffsiteUnits))
            {
                warnings.Add(new SyncWarning(SyncWarningKind.StorageUnitsMissing, "Offsite storage came without units and was read as bytes.", device.SerialNumber));
            }

            offsite = new ReportedStorage(size, device.OffsiteUnits?.Trim() ?? "", bytes);
        }

        return new DeviceUsage(device.SerialNumber, device.Name, device.Model, device.Hidden, device.ServicePeriodEnd, device.IsAzure, offsite);
    }

    private static void EnsureUnique(IEnumerable<string> ids, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (!seen.Add(id))
            {
                throw new RuleViolationException("snapshot.duplicate_asset", $"The snapshot lists {what} '{id}' twice.");
            }
        }
    }

    private static CustomerEvent[] Map(MapAccount command, CustomerState state)
    {
        if (state.Account is { } account)
        {
            return account.PsaKind == command.PsaKind && account.PsaCompanyId == command.PsaCompanyId && account.AgreementId == command.AgreementId
                ? []
                : throw new RuleViolationException(
                    "account.already_mapped",
                    $"This customer is already mapped to {account.PsaKind} company {account.PsaCompanyId}, agreement {account.AgreementId}; unmap it first.");
        }

        return
        [
            new AccountMapped(
                command.OrganizationId ?? state.Usage?.Content.OrganizationId,
                command.DattoOrganizationName,
                command.PsaKind,
                command.PsaCompanyId,
                command.PsaCompanyName,
                command.AgreementId,
                command.EffectiveFrom ?? command.Now,
                command.Actor,
                command.Now),
        ];
    }

    private static CustomerEvent[] Unmap(UnmapAccount command, CustomerState state)
    {
        if (state.Account is not { } account)
        {
            return [];
        }

        var effectiveFrom = command.EffectiveFrom ?? command.Now;
        // Service lines belong to the agreement being unmapped; unmapping them explicitly keeps the audit readable.
        var services = state.Services.Values
            .OrderBy(s => s.Line.ToString(), StringComparer.Ordinal)
            .Select(s => (CustomerEvent)new ServiceUnmapped(s.Line.Service, s.Line.SeatType, s.PsaLineId, command.Reason, effectiveFrom, command.Actor, command.Now));
        return
        [
            .. services,
            new AccountUnmapped(account.PsaKind, account.PsaCompanyId, account.AgreementId, command.Reason, effectiveFrom, command.Actor, command.Now),
        ];
    }

    private static CustomerEvent[] RecordPsaName(RecordPsaCompanyName command, CustomerState state)
    {
        var account = MappedAccount(state, "psa.account_not_mapped");
        if (account.PsaCompanyId != command.PsaCompanyId)
        {
            throw new RuleViolationException("psa.other_company", $"This customer is mapped to PSA company {account.PsaCompanyId}, not {command.PsaCompanyId}.");
        }

        return account.PsaCompanyName == command.Name
            ? []
            :
            [
                new PsaCompanyRenamed(
                    $"psa-name:{command.ObservedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}",
                    command.PsaCompanyId,
                    account.PsaCompanyName,
                    command.Name,
                    command.ObservedAt,
                    command.Actor),
            ];
    }

    private static CustomerEvent[] Acknowledge(AcknowledgeDrift command, CustomerState state) =>
        !state.Drifts.TryGetValue(command.DriftId, out var drift)
            ? throw new RuleViolationException("drift.unknown", $"There is no drift '{command.DriftId}'.")
            : drift.IsOpen ? [new DriftAcknowledged(command.DriftId, command.Note, command.Actor, command.Now)] : [];

    private static CustomerEvent[] Map(MapService command, CustomerState state)
    {
        MappedAccount(state, "service.account_not_mapped");
        if (command.UnitRule.Problem() is { } problem)
        {
            throw new RuleViolationException("service.invalid_unit_rule", problem);
        }

        var line = command.Line;
        if (line.Service == BillableService.OffsiteStorage != command.UnitRule.IsStorageUnit)
        {
            throw new RuleViolationException(
                "service.unit_mismatch",
                line.Service == BillableService.OffsiteStorage
                    ? "Offsite storage is billed in gigabytes or terabytes."
                    : $"{line.Service} is billed per item, not in {command.UnitRule.Unit}.");
        }

        if (line.SeatType is not null && line.Service != BillableService.SaasSeats)
        {
            throw new RuleViolationException("service.seat_type_not_applicable", "Only SaaS seats can be mapped per seat type.");
        }

        if (line.Service == BillableService.SaasSeats)
        {
            var seatLines = state.Services.Keys.Where(l => l.Service == BillableService.SaasSeats && l != line).ToList();
            if (line.SeatType is not null && seatLines.Any(l => l.SeatType is null))
            {
                throw new RuleViolationException("service.seats_mapped_as_one_line", "All SaaS seats are mapped to one line; unmap it before mapping seat types separately.");
            }

            if (line.SeatType is null && seatLines.Count > 0)
            {
                throw new RuleViolationException("service.seat_types_mapped_separately", "SaaS seat types are mapped separately; unmap them before mapping all seats to one line.");
            }
        }

        if (state.Services.Values.FirstOrDefault(s => s.PsaLineId == command.PsaLineId && s.Line != line) is { } other)
        {
            throw new RuleViolationException("service.psa_line_in_use", $"PSA line {command.PsaLineId} already bills {other.Line}.");
        }

        if (state.Services.TryGetValue(line, out var existing)
            && existing.PsaLineId == command.PsaLineId
            && existing.UnitRule == command.UnitRule
            && existing.UnitPrice == command.UnitPrice)
        {
            return [];
        }

        return
        [
            new ServiceMapped(line.Service, line.SeatType, command.PsaLineId, command.UnitRule.ToTerms(), command.UnitPrice, command.EffectiveFrom ?? command.Now, command.Actor, command.Now),
        ];
    }

    private static CustomerEvent[] Unmap(UnmapService command, CustomerState state) =>
        state.Services.TryGetValue(command.Line, out var mapping)
            ? [new ServiceUnmapped(command.Line.Service, command.Line.SeatType, mapping.PsaLineId, command.Reason, command.EffectiveFrom ?? command.Now, command.Actor, command.Now)]
            : [];

    private static CustomerEvent[] Ignore(IgnoreAsset command, CustomerState state)
    {
        EnsureKnown(command.Asset, state);
        if (state.Ignored.ContainsKey(command.Asset))
        {
            return [];
        }

        return state.Included.ContainsKey(command.Asset)
            ? throw new RuleViolationException("asset.included", $"{command.Asset} was explicitly included; revoke that decision before ignoring it.")
            : [new AssetIgnored(command.Asset, command.Reason, command.Actor, command.Now)];
    }

    private static CustomerEvent[] Include(IncludeAsset command, CustomerState state)
    {
        EnsureKnown(command.Asset, state);
        if (state.Included.ContainsKey(command.Asset))
        {
            return [];
        }

        return state.Ignored.ContainsKey(command.Asset)
            ? throw new RuleViolationException("asset.ignored", $"{command.Asset} is ignored; revoke the ignore decision before including it.")
            : [new AssetIncluded(command.Asset, command.Reason, command.Actor, command.Now)];
    }

    private static void EnsureKnown(AssetRef asset, CustomerState state)
    {
        if (!state.KnownAssets.Contains(asset))
        {
            throw new RuleViolationException("asset.unknown", $"No usage snapshot of this customer has ever listed {asset}.");
        }
    }

    private static CustomerEvent[] SetPolicy(SetCustomerCountingPolicy command, CustomerState state)
    {
        var effectiveFrom = command.EffectiveFrom ?? command.Now;
        var current = state.PolicyOverrides.TryGetValue(command.Policy, out var choice) ? choice : (CountingChoice?)null;
        if (current == command.Choice)
        {
            return [];
        }

        return command.Choice is { } newChoice
            ? [new CustomerCountingPolicySet(command.Policy, newChoice, command.Reason, effectiveFrom, command.Actor, command.Now)]
            : [new CustomerCountingPolicyCleared(command.Policy, command.Reason, effectiveFrom, command.Actor, command.Now)];
    }

    private static CustomerEvent[] Observe(ObservePsaQuantity command, CustomerState state)
    {
        if (state.Services.Values.All(s => s.PsaLineId != command.PsaLineId))
        {
            throw new RuleViolationException("psa.line_not_mapped", $"PSA line {command.PsaLineId} is not mapped to any service of this customer.");
        }

        if (command.Quantity < 0)
        {
            throw new RuleViolationException("psa.negative_quantity", "A PSA line cannot bill a negative quantity.");
        }

        return state.PsaLines.TryGetValue(command.PsaLineId, out var known)
               && known.Quantity == command.Quantity
               && known.ObservedAt >= command.ObservedAt
            ? []
            : [new PsaQuantityObserved(command.PsaLineId, command.Quantity, command.ObservedAt, command.Actor)];
    }

    private static CustomerEvent[] Propose(ProposeQuantityChange command, CustomerState state)
    {
        if (!state.Services.TryGetValue(command.Line, out var mapping))
        {
            throw new RuleViolationException("proposal.service_not_mapped", $"{command.Line} is not mapped to a PSA line.");
        }

        if (state.Usage is null)
        {
            throw new RuleViolationException("proposal.no_usage", "No Datto usage has been recorded for this customer yet.");
        }

        if (!state.PsaLines.TryGetValue(mapping.PsaLineId, out var billed))
        {
            throw new RuleViolationException("proposal.psa_not_observed", $"PSA line {mapping.PsaLineId} has not been read yet.");
        }

        var usage = BillableQuantities.Compute(state, command.TenantPolicies);
        var service = usage.For(command.Line.Service, command.Line.SeatType);
        var open = state.OpenProposalFor(mapping.PsaLineId);
        if (open is { Status: ProposalStatus.WriteRequested })
        {
            throw new RuleViolationException("proposal.write_in_flight", $"A write to PSA line {mapping.PsaLineId} is in flight; wait for its outcome.");
        }

        if (open is not null && open.From == billed.Quantity && open.To == service.Quantity)
        {
            return [];
        }

        var withdrawn = open is null
            ? []
            : new CustomerEvent[] { new QuantityChangeWithdrawn(open.ProposalId, $"Superseded: the line should now go from {billed.Quantity} to {service.Quantity}.", command.Actor, command.Now) };
        if (service.Quantity == billed.Quantity)
        {
            return withdrawn;
        }

        var basis = new ProposalBasis(
            usage.SnapshotId,
            usage.ContentHash,
            usage.UsageObservedAt,
            service.UnitRule.ToTerms(),
            service.RawAmount,
            usage.Policies,
            service.Counted.Count,
            service.Ignored.Count,
            service.NeedsDecision.Count);
        return
        [
            .. withdrawn,
            new QuantityChangeProposed(
                command.ProposalId,
                command.Line.Service,
                command.Line.SeatType,
                mapping.PsaLineId,
                billed.Quantity,
                service.Quantity,
                basis,
                command.Actor,
                command.Now),
        ];
    }

    private static CustomerEvent[] Approve(ApproveQuantityChange command, CustomerState state) =>
        Proposal(state, command.ProposalId).Status switch
        {
            ProposalStatus.Pending => [new QuantityChangeApproved(command.ProposalId, command.Note, command.Actor, command.Now)],
            ProposalStatus.Approved or ProposalStatus.WriteRequested or ProposalStatus.Written => [],
            var status => throw new RuleViolationException("proposal.not_pending", $"Proposal {command.ProposalId} is {status} and can no longer be approved."),
        };

    // Only a pending proposal inside a rule's limits is approved; anything else simply keeps waiting for a person.
    private static CustomerEvent[] AutoApprove(AutoApproveQuantityChange command, CustomerState state)
    {
        var proposal = Proposal(state, command.ProposalId);
        var rule = command.Rules.FirstOrDefault(r => r.Line() == proposal.Line);
        return proposal.Status == ProposalStatus.Pending && rule is not null && rule.Allows(proposal.From, proposal.To)
            ? [new QuantityChangeAutoApproved(proposal.ProposalId, rule.ToTerms(), proposal.From, proposal.To, command.Actor, command.Now)]
            : [];
    }

    private static CustomerEvent[] Reject(RejectQuantityChange command, CustomerState state) =>
        Proposal(state, command.ProposalId).Status switch
        {
            ProposalStatus.Pending or ProposalStatus.Approved => [new QuantityChangeRejected(command.ProposalId, command.Reason, command.Actor, command.Now)],
            ProposalStatus.Rejected => [],
            var status => throw new RuleViolationException("proposal.not_open", $"Proposal {command.ProposalId} is {status} and can no longer be rejected."),
        };

    private static CustomerEvent[] RequestWrite(RequestPsaWrite command, CustomerState state)
    {
        if (state.Writes.ContainsKey(command.WriteId))
        {
            return [];
        }

        var proposal = Proposal(state, command.ProposalId);
        if (proposal.Status != ProposalStatus.Approved)
        {
            throw new RuleViolationException("write.not_approved", $"Proposal {command.ProposalId} is {proposal.Status}; only an approved change is written.");
        }

        var account = MappedAccount(state, "write.account_not_mapped");
        if (!PsaKinds.AcceptsFractionalQuantities(account.PsaKind) && (proposal.To != decimal.Truncate(proposal.To) || proposal.From != decimal.Truncate(proposal.From)))
        {
            throw new RuleViolationException("write.fractional_quantity", $"{account.PsaKind} accepts whole units only; {proposal.To} cannot be written.");
        }

        // Never overwrite a manual edit: stop for a person when the PSA no longer shows what the proposal started from.
        if (command.CurrentPsaQuantity != proposal.From)
        {
            return
            [
                new PsaQuantityObserved(proposal.PsaLineId, command.CurrentPsaQuantity, command.ReadAt, command.Actor),
                new PsaWriteConflictDetected(proposal.ProposalId, proposal.PsaLineId, proposal.From, command.CurrentPsaQuantity, command.Actor, command.Now),
            ];
        }

        var key = string.Create(CultureInfo.InvariantCulture, $"{account.PsaKind}:{proposal.PsaLineId}:{command.EffectiveDate:yyyy-MM-dd}:{proposal.To}:{proposal.ProposalId:N}");
        return
        [
            new PsaWriteRequested(
                command.WriteId,
                key,
                proposal.ProposalId,
                proposal.PsaLineId,
                account.PsaKind,
                PsaKinds.WriteStyle(account.PsaKind),
                proposal.From,
                proposal.To,
                command.EffectiveDate,
                proposal.ApprovedBy ?? "",
                command.Actor,
                command.Now),
        ];
    }

    private static CustomerEvent[] Confirm(ConfirmPsaWrite command, CustomerState state)
    {
        var write = Write(state, command.WriteId);
        return write.Status switch
        {
            PsaWriteStatus.Confirmed => [],
            PsaWriteStatus.Failed => throw new RuleViolationException("write.already_failed", $"Write {command.WriteId} was recorded as failed."),
            _ when command.QuantityAfter != write.To => throw new RuleViolationException(
                "write.not_applied",
                $"The PSA line shows {command.QuantityAfter}, not the {write.To} that was written."),
            _ => [new PsaWriteConfirmed(command.WriteId, write.PsaLineId, command.QuantityAfter, command.Actor, command.ReadAt)],
        };
    }

    private static CustomerEvent[] RecordFailure(RecordPsaWriteFailure command, CustomerState state)
    {
        var write = Write(state, command.WriteId);
        return write.Status switch
        {
            PsaWriteStatus.Failed => [],
            PsaWriteStatus.Confirmed => throw new RuleViolationException("write.already_confirmed", $"Write {command.WriteId} was confirmed."),
            _ => [new PsaWriteFailed(command.WriteId, write.PsaLineId, command.Error, command.Actor, command.Now)],
        };
    }

    private static CustomerEvent[] Close(CloseBillingPeriod command, CustomerState state)
    {
        if (command.PeriodEnd < command.PeriodStart)
        {
            throw new RuleViolationException("period.invalid_range", "A billing period cannot end before it starts.");
        }

        var lines = command.Lines.Select(l => new ServiceLine(l.Service, l.SeatType)).ToList();
        if (lines.Distinct().Count() != lines.Count)
        {
            throw new RuleViolationException("period.duplicate_line", "A service line is invoiced twice in one period.");
        }

        if (state.ClosedPeriods.TryGetValue(command.PeriodId, out var closed))
        {
            var same = closed.Start == command.PeriodStart
                && closed.End == command.PeriodEnd
                && closed.Lines.Count == command.Lines.Count
                && command.Lines.All(l => closed.Lines.TryGetValue(new ServiceLine(l.Service, l.SeatType), out var invoiced) && invoiced == l);
            return same ? [] : throw new RuleViolationException("period.already_closed", $"Period {command.PeriodId} is closed; correct it with an adjustment.");
        }

        if (state.ClosedPeriods.Values.FirstOrDefault(p => p.Start <= command.PeriodEnd && command.PeriodStart <= p.End) is { } overlapping)
        {
            throw new RuleViolationException("period.overlaps", $"Period {command.PeriodId} overlaps closed period {overlapping.PeriodId}.");
        }

        return [new BillingPeriodClosed(command.PeriodId, command.PeriodStart, command.PeriodEnd, command.Lines, command.Actor, command.Now)];
    }

    private static CustomerEvent[] Adjust(AdjustClosedPeriod command, CustomerState state)
    {
        if (!state.ClosedPeriods.TryGetValue(command.PeriodId, out var period))
        {
            throw new RuleViolationException("period.not_closed", $"Period {command.PeriodId} is not closed; nothing to adjust.");
        }

        if (!period.Lines.TryGetValue(command.Line, out var invoiced))
        {
            throw new RuleViolationException("period.line_not_invoiced", $"{command.Line} was not invoiced in period {command.PeriodId}.");
        }

        return invoiced.Quantity == command.Quantity
            ? []
            :
            [
                new BillingPeriodAdjusted(
                    command.PeriodId,
                    command.Line.Service,
                    command.Line.SeatType,
                    invoiced.PsaLineId,
                    invoiced.Quantity,
                    command.Quantity,
                    command.Cause,
                    command.Actor,
                    command.Now),
            ];
    }

    private static AccountMapping MappedAccount(CustomerState state, string rule) =>
        state.Account ?? throw new RuleViolationException(rule, "This customer is not mapped to a PSA account.");

    private static QuantityProposal Proposal(CustomerState state, Guid proposalId) =>
        state.Proposals.TryGetValue(proposalId, out var proposal)
            ? proposal
            : throw new RuleViolationException("proposal.unknown", $"There is no proposal {proposalId}.");

    private static PsaWrite Write(CustomerState state, Guid writeId) =>
        state.Writes.TryGetValue(writeId, out var write)
            ? write
            : throw new RuleViolationException("write.unknown", $"There is no PSA write {writeId}.");
}
