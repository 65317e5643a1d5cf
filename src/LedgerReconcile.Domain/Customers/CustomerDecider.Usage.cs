using System.Globalization;

namespace LedgerReconcile.Domain.Customers;

public static partial class CustomerDecider
{
    // Clock skew between Datto and the ledger is minutes; an observation a day ahead of when it is recorded is a bad
    // value (a year 9999), and left alone it would stay "the present" for good, since no later snapshot is newer.
    private static readonly TimeSpan PlausibleLead = TimeSpan.FromDays(1);

    private static CustomerEvent[] RecordSnapshot(RecordUsageSnapshot command, CustomerState state)
    {
        var voids = new List<CustomerEvent>();
        while (!state.RecordedSnapshotIds.Contains(command.SnapshotId) && ImplausibleUsage(command, state) is { } voided)
        {
            voids.Add(voided);
            state = CustomerState.Evolve(state, voided);
        }

        return [.. voids, .. RecordSnapshotOn(command, state)];
    }

    private static UsageSnapshotVoided? ImplausibleUsage(RecordUsageSnapshot command, CustomerState state) =>
        state.Usage is { } current && current.LastSeenAt > command.Now + PlausibleLead && command.ObservedAt <= command.Now + PlausibleLead
            ? new UsageSnapshotVoided(
                current.LatestEvidenceId,
                current.LastSeenAt,
                $"Its observation time {current.LastSeenAt:O} lies in the future of snapshot {command.SnapshotId}, recorded at {command.Now:O}.",
                command.Actor,
                command.Now)
            : null;

    private static CustomerEvent[] RecordSnapshotOn(RecordUsageSnapshot command, CustomerState state)
    {
        if (state.Usage?.Content.OrganizationId is { } knownOrganization && command.OrganizationId is { } organization && knownOrganization != organization)
        {
            throw new RuleViolationException(
                "snapshot.other_organization",
                $"This ledger belongs to Datto organization {knownOrganization}, not {organization}.");
        }

        var (content, warnings) = SnapshotContent(command, state);
        var hash = UsageContentHash.Compute(content);
        if (state.RecordedSnapshotIds.Contains(command.SnapshotId))
        {
            return state.SnapshotContentHashes.GetValueOrDefault(command.SnapshotId) is not { } recorded || recorded == hash
                ? []
                : throw new RuleViolationException(
                    "snapshot.id_reused",
                    $"Snapshot {command.SnapshotId} is already recorded with different content; nothing was changed. Send new content under a new snapshot id.")
                {
                    ConflictsWithRecord = true,
                };
        }

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
}
