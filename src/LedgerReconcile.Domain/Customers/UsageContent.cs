namespace LedgerReconcile.Domain.Customers;

/// <summary>What one Datto sync saw for one customer: everything the billable quantities are computed from.</summary>
public sealed record UsageContent(
    long? OrganizationId,
    string OrganizationName,
    IReadOnlyList<DeviceUsage> Devices,
    IReadOnlyList<VolumeUsage> Volumes,
    IReadOnlyList<EndpointAgentUsage> EndpointAgents,
    IReadOnlyList<SaasDomainUsage> SaasDomains)
{
    public static UsageContent Empty { get; } = new(null, "", [], [], [], []);
}

/// <param name="ServicePeriodEnd">Datto's <c>servicePeriod</c>: the end of the device's service contract.</param>
/// <param name="IsAzure">An Azure (DBMA) appliance, whose archived agents do not count.</param>
/// <param name="OffsiteStorage">Null when Datto reported no offsite figure.</param>
public sealed record DeviceUsage(
    string SerialNumber,
    string Name,
    string Model,
    bool Hidden,
    DateOnly? ServicePeriodEnd,
    bool IsAzure,
    ReportedStorage? OffsiteStorage);

/// <summary>Storage as Datto reported it, kept raw beside the normalised bytes.</summary>
public sealed record ReportedStorage(decimal Size, string Units, long Bytes);

public sealed record VolumeUsage(
    string DeviceSerial,
    string VolumeId,
    string Name,
    VolumeType Type,
    bool Paused,
    bool Archived,
    string? Os,
    DateTimeOffset? LastSnapshotAt);

public sealed record EndpointAgentUsage(string AssetUuid, string Name, string? AgentType, string? Subscription);

/// <param name="SeatsUsed">The portal's own count, used when the seat list could not be read.</param>
/// <param name="Seats">Null when <c>/seats</c> timed out: the snapshot then carries a warning.</param>
public sealed record SaasDomainUsage(
    long SaasCustomerId,
    string Domain,
    string ProductType,
    int SeatsUsed,
    IReadOnlyList<SaasSeatUsage>? Seats);

/// <param name="Billable">Datto's <c>billable == "1"</c>; any other value (including "") is not billable.</param>
public sealed record SaasSeatUsage(string MainId, string Name, string SeatType, string SeatState, bool Billable);

public enum SyncWarningKind
{
    /// <summary>The device's assets could not be read; its last known assets were carried into the snapshot.</summary>
    AssetsUnreadable,

    /// <summary>A storage figure came without units and was read as bytes.</summary>
    StorageUnitsMissing,

    /// <summary>A SaaS domain's seat list could not be read; its <c>seatsUsed</c> count stands in.</summary>
    SeatsUnavailable,

    Other,

    /// <summary>The customer's Endpoint Backup / direct-to-cloud agents could not be read; the last known ones were carried.</summary>
    EndpointAgentsUnreadable,

    /// <summary>The customer's SaaS Protection domains could not be listed; the last known ones were carried.</summary>
    SaasUnreadable,

    /// <summary>A device's offsite storage came in units nobody recognised; its last known figure was carried.</summary>
    StorageUnreadable,
}

public sealed record SyncWarning(SyncWarningKind Kind, string Message, string? DeviceSerial = null);
