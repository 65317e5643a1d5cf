namespace LedgerReconcile.Datto.Usage;

// A null list means "could not be read in this pull", never "none": the ledger keeps what it last knew.
public sealed record DattoPartnerUsage(
    DateTimeOffset ObservedAt,
    IReadOnlyList<DattoDevice> Devices,
    IReadOnlyList<DattoDtcAsset>? DtcAssets,
    IReadOnlyList<DattoEndpointAgent>? EndpointAgents,
    IReadOnlyList<DattoSaasDomain>? SaasDomains,
    IReadOnlyList<DattoWarning> Warnings)
{
    public IReadOnlyList<DattoCustomerUsage> GroupByCustomer() => DattoCustomerGrouping.Group(this);
}

public sealed record DattoDevice(
    string SerialNumber,
    string? Name,
    string? Model,
    long? OrganizationId,
    string? OrganizationName,
    string? ClientCompanyName,
    string? ResellerCompanyName,
    bool Hidden,
    DateTimeOffset? ServicePeriod,
    DateTimeOffset? LastSeen,
    string? Region,
    DattoStorage? OffsiteStorage,
    int? AgentCount,
    int? ShareCount,
    IReadOnlyList<DattoAsset>? Assets)
{
    public bool AssetsUnknown => Assets is null;
    public long? OffsiteBytes => OffsiteStorage?.Bytes;
}

public enum DattoAssetType { Unknown, Agent, Share }

public sealed record DattoAsset(
    string? Volume,
    string? Name,
    DattoAssetType Type,
    string? RawType,
    bool IsPaused,
    bool IsArchived,
    string? Os,
    DateTimeOffset? LastSnapshot);

public sealed record DattoDtcAsset(
    string? AssetUuid,
    string? Name,
    string? Hostname,
    string? Type,
    string? Status,
    long? OrganizationId,
    string? OrganizationName,
    DateTimeOffset? LastBackup);

// Endpoint Backup for PCs, from /bcdr/agent.
public sealed record DattoEndpointAgent(
    long? OrganizationId,
    string? OrganizationName,
    string? ClientName,
    string? Uuid,
    string? Hostname,
    string? Type,
    DateTimeOffset? LastSnapshot);

public sealed record DattoSaasDomain(
    long SaasCustomerId,
    string? SaasCustomerName,
    string? Domain,
    long? OrganizationId,
    string? OrganizationName,
    string? ProductType,
    string? ExternalSubscriptionId,
    string? RetentionType,
    int? SeatsUsed,
    IReadOnlyList<DattoSeat>? Seats)
{
    public bool SeatsUnknown => Seats is null;

    // Without the seat list the portal's own seatsUsed is the billing number (the documented fallback).
    public int? BillableSeatCount => Seats is null ? SeatsUsed : Seats.Count(s => s.Billable);

    public IReadOnlyList<DattoSeatTally> SeatTallies =>
        Seats is null
            ? []
            : Seats.GroupBy(s => (Type: s.SeatType ?? "", State: s.SeatState ?? "", s.Billable))
                .OrderBy(g => g.Key.Type, StringComparer.Ordinal)
                .ThenBy(g => g.Key.State, StringComparer.Ordinal)
                .ThenByDescending(g => g.Key.Billable)
                .Select(g => new DattoSeatTally(g.Key.Type, g.Key.State, g.Key.Billable, g.Count()))
                .ToArray();
}

public sealed record DattoSeat(
    string? MainId,
    string? Name,
    string? SeatType,
    string? SeatState,
    bool Billable,
    string? RawBillable,
    string? RemoteId,
    DateTimeOffset? DateAdded);

public sealed record DattoSeatTally(string SeatType, string SeatState, bool Billable, int Count);
