using LedgerReconcile.Application;
using System.Globalization;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Datto.Usage;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.SyncRuns;

namespace LedgerReconcile.Integrations.Datto;

/// <summary>What one customer's share of a pull becomes: the snapshot command, and what the run should show about it.</summary>
public sealed record MappedSnapshot(string CustomerKey, IngestUsageSnapshot Command, int Assets, int Seats, IReadOnlyList<SyncRunWarning> RunWarnings);

/// <summary>
/// Turns the Datto client's view of one customer into the ledger's snapshot command, faithfully: every gap the client
/// reported (null = could not be read) becomes a warning kind the ledger answers by keeping what it last knew, never
/// an empty list that would look like cancelled agents.
/// </summary>
public static class DattoSnapshotMapper
{
    public const string DtcSubscription = "DTC";
    public const string EndpointBackupSubscription = "EB4PC";

    public static MappedSnapshot Map(
        DattoPartnerUsage partner,
        DattoCustomerUsage customer,
        string tenant,
        string runId,
        DateTimeOffset observedAt,
        string actor,
        string correlationId)
    {
        var warnings = new List<SnapshotWarning>();
        var runWarnings = new List<SyncRunWarning>();
        var subjects = customer.Devices.Select(d => d.SerialNumber)
            .Concat(customer.SaasDomains.Select(d => d.SaasCustomerId.ToString(CultureInfo.InvariantCulture)))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var clientWarnings = partner.Warnings.Where(w => subjects.Contains(w.Subject)).ToList();

        var devices = customer.Devices.Select(d => Device(d, warnings)).ToList();
        var assets = new List<SnapshotAsset>();
        var volumes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var device in customer.Devices)
        {
            var readable = device.Assets is { } listed && listed.All(a => a.Volume is not null && a.Type != DattoAssetType.Unknown);
            if (!readable)
            {
                var why = clientWarnings.FirstOrDefault(w => string.Equals(w.Subject, device.SerialNumber, StringComparison.OrdinalIgnoreCase))?.Detail
                          ?? (device.Assets is null ? "assets could not be read" : "an asset had no volume id or an unknown type");
                warnings.Add(new SnapshotWarning(nameof(SyncWarningKind.AssetsUnreadable), $"Assets of {device.SerialNumber} not read ({why}); last known assets kept.", device.SerialNumber));
                continue;
            }

            foreach (var asset in device.Assets!)
            {
                if (!volumes.Add(asset.Volume!))
                {
                    warnings.Add(new SnapshotWarning(nameof(SyncWarningKind.Other), $"Volume {asset.Volume} is listed on more than one device; kept once.", device.SerialNumber));
                    continue;
                }

                assets.Add(new SnapshotAsset(
                    device.SerialNumber,
                    asset.Volume!,
                    asset.Name ?? asset.Volume!,
                    asset.Type == DattoAssetType.Agent ? nameof(VolumeType.Agent) : nameof(VolumeType.Share),
                    asset.IsPaused,
                    asset.IsArchived,
                    asset.Os,
                    asset.LastSnapshot));
            }
        }

        var endpointAgents = EndpointAgents(partner, customer, warnings);
        var saasDomains = customer.SaasDomains.Select(d => SaasDomain(d, clientWarnings, warnings)).ToList();
        if (partner.SaasDomains is null)
        {
            warnings.Add(new SnapshotWarning(nameof(SyncWarningKind.SaasUnreadable), "SaaS Protection domains could not be listed; last known domains kept.", null));
        }

        foreach (var warning in clientWarnings.Where(w => w.Kind is not (DattoWarningKind.AssetsUnavailable or DattoWarningKind.AssetsNotFound
                     or DattoWarningKind.SeatsFellBackToSeatsUsed or DattoWarningKind.UnknownStorageUnits or DattoWarningKind.StorageAsBareNumber)))
        {
            warnings.Add(new SnapshotWarning(nameof(SyncWarningKind.Other), $"{warning.Kind} on {warning.Endpoint}: {warning.Detail}", devices.Any(d => d.SerialNumber == warning.Subject) ? warning.Subject : null));
        }

        var (organizationId, organizationName, clientCompanyName) = customer.Key.Kind == DattoCustomerKeyKind.Organization
            ? (long.Parse(customer.Key.Value, CultureInfo.InvariantCulture), customer.DisplayName, (string?)null)
            // Already normalised by the client's grouping, so the ledger derives the very same customer key from it.
            : ((long?)null, customer.DisplayName, customer.Key.Value);
        var command = new IngestUsageSnapshot(
            new CommandContext(tenant, actor, correlationId, Guid.CreateVersion7()),
            SnapshotId(runId, customer.Key),
            runId,
            observedAt,
            organizationId,
            organizationName,
            clientCompanyName,
            devices,
            assets,
            endpointAgents,
            saasDomains,
            warnings);
        runWarnings.AddRange(warnings
            .Where(w => w.Kind != nameof(SyncWarningKind.SaasUnreadable) && w.Kind != nameof(SyncWarningKind.EndpointAgentsUnreadable))
            .Select(w => new SyncRunWarning(w.Kind, w.DeviceSerial ?? command.CustomerKey(), w.Message)));
        return new MappedSnapshot(command.CustomerKey(), command, assets.Count, saasDomains.Sum(d => d.Seats?.Count ?? 0), runWarnings);
    }

    public static string SnapshotId(string runId, DattoCustomerKey key) => $"{runId}/{key}";

    private static SnapshotDevice Device(DattoDevice device, List<SnapshotWarning> warnings) =>
        new(
            device.SerialNumber,
            device.Name ?? device.SerialNumber,
            device.Model ?? "",
            device.Hidden,
            device.ServicePeriod is { } end ? DateOnly.FromDateTime(end.UtcDateTime) : null,
            IsAzure(device.Model),
            Storage(device, warnings));

    // Azure-hosted (DBMA) appliances are the only ones whose archived agents Datto does not bill.
    private static bool IsAzure(string? model) =>
        model is not null && (model.Contains("azure", StringComparison.OrdinalIgnoreCase) || model.Contains("dbma", StringComparison.OrdinalIgnoreCase));

    private static SnapshotStorage? Storage(DattoDevice device, List<SnapshotWarning> warnings)
    {
        switch (device.OffsiteStorage)
        {
            case null:
                return null;
            case { Reading: DattoStorageReading.BareNumberAsBytes, Size: { } bytes }:
                // The ledger flags missing units itself (StorageUnitsMissing).
                return new SnapshotStorage(bytes, null);
            case { Reading: DattoStorageReading.SizeAndUnits, Size: { } size, Units: { } units } when StorageSize.IsKnownUnit(units):
                return new SnapshotStorage(size, units.Trim());
            case { Reading: DattoStorageReading.SizeAndUnits, Bytes: { } converted } storage:
                warnings.Add(new SnapshotWarning(nameof(SyncWarningKind.Other), $"Offsite storage reported as {storage.Size} {storage.Units}; recorded as {converted} bytes.", device.SerialNumber));
                return new SnapshotStorage(converted, "B");
            case var unreadable:
                warnings.Add(new SnapshotWarning(
                    nameof(SyncWarningKind.StorageUnreadable),
                    $"Offsite storage '{unreadable.Size} {unreadable.Units}' is in units nobody recognised; last known figure kept.",
                    device.SerialNumber));
                return null;
        }
    }

    private static List<SnapshotEndpointAgent> EndpointAgents(DattoPartnerUsage partner, DattoCustomerUsage customer, List<SnapshotWarning> warnings)
    {
        var agents = new Dictionary<string, SnapshotEndpointAgent>(StringComparer.Ordinal);
        foreach (var asset in customer.DtcAssets)
        {
            if (asset.AssetUuid is { } uuid)
            {
                agents.TryAdd(uuid, new SnapshotEndpointAgent(uuid, asset.Name ?? asset.Hostname ?? uuid, asset.Type, DtcSubscription));
            }
            else
            {
                warnings.Add(new SnapshotWarning(nameof(SyncWarningKind.Other), $"A direct-to-cloud asset without an assetUuid ({asset.Name ?? asset.Hostname ?? "no name"}) was not recorded.", null));
            }
        }

        foreach (var agent in customer.EndpointAgents)
        {
            if (agent.Uuid is { } uuid)
            {
                agents.TryAdd(uuid, new SnapshotEndpointAgent(uuid, agent.Hostname ?? uuid, agent.Type, EndpointBackupSubscription));
            }
            else
            {
                warnings.Add(new SnapshotWarning(nameof(SyncWarningKind.Other), $"An Endpoint Backup agent without a uuid ({agent.Hostname ?? "no name"}) was not recorded.", null));
            }
        }

        if (partner.DtcAssets is null || partner.EndpointAgents is null)
        {
            var which = partner.DtcAssets is null ? "/dtc/assets" : "/bcdr/agent";
            warnings.Add(new SnapshotWarning(nameof(SyncWarningKind.EndpointAgentsUnreadable), $"{which} could not be read; last known endpoint agents kept.", null));
        }

        return [.. agents.Values];
    }

    private static SnapshotSaasDomain SaasDomain(DattoSaasDomain domain, List<DattoWarning> clientWarnings, List<SnapshotWarning> warnings)
    {
        var subject = domain.SaasCustomerId.ToString(CultureInfo.InvariantCulture);
        var name = domain.Domain ?? domain.SaasCustomerName ?? subject;
        List<SnapshotSaasSeat>? seats = null;
        if (domain.Seats is { } listed)
        {
            seats = [];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var seat in listed)
            {
                if (seat.MainId is not { } mainId || !seen.Add(mainId))
                {
                    warnings.Add(new SnapshotWarning(nameof(SyncWarningKind.Other), $"A seat of {name} without a mainId, or listed twice ({seat.MainId ?? seat.Name ?? "?"}), was not recorded.", null));
                    continue;
                }

                seats.Add(new SnapshotSaasSeat(
                    mainId,
                    seat.Name ?? mainId,
                    string.IsNullOrWhiteSpace(seat.SeatType) ? "Unknown" : seat.SeatType,
                    string.IsNullOrWhiteSpace(seat.SeatState) ? "Unknown" : seat.SeatState,
                    seat.Billable ? "1" : seat.RawBillable ?? ""));
            }
        }
        else
        {
            var why = clientWarnings.FirstOrDefault(w => w.Kind == DattoWarningKind.SeatsFellBackToSeatsUsed && w.Subject == subject)?.Detail ?? "seat list unavailable";
            warnings.Add(new SnapshotWarning(nameof(SyncWarningKind.SeatsUnavailable), $"Seats of {name} could not be listed; counted {domain.SeatsUsed ?? 0} from seatsUsed ({why}).", null));
        }

        return new SnapshotSaasDomain(domain.SaasCustomerId, name, domain.ProductType ?? "", domain.SeatsUsed ?? 0, seats);
    }
}
