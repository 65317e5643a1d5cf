namespace LedgerReconcile.Domain.Billing;

/// <summary>The Datto services an MSP bills its customers for.</summary>
public enum BillableService
{
    PerDevice,
    PerAgent,
    NasShares,
    OffsiteStorage,
    SaasSeats,
    EndpointBackup,
}

/// <summary>What an asset reference points at; ignore and include decisions name exactly one of these.</summary>
public enum AssetKind
{
    /// <summary>A BCDR appliance, by serial number.</summary>
    Device,

    /// <summary>A protected agent or NAS share on an appliance, by volume id.</summary>
    Volume,

    /// <summary>A direct-to-cloud / Endpoint Backup agent, by asset uuid.</summary>
    EndpointAgent,

    /// <summary>A SaaS Protection seat, by <c>{saasCustomerId}/{mainId}</c>.</summary>
    SaasSeat,

    /// <summary>A SaaS Protection domain whose seats could not be listed, by saasCustomerId.</summary>
    SaasDomain,
}

public enum VolumeType
{
    Agent,
    Share,
}

/// <summary>The counting questions the domain leaves to the MSP.</summary>
public enum CountingPolicyKind
{
    NasShares,
    PausedAgents,
    HiddenDevices,
    ArchivedAgents,
    ExpiredDevices,
}

/// <summary>The answer to a counting question.</summary>
public enum CountingChoice
{
    Count,
    Exclude,

    /// <summary>Shown to a person; never silently counted or dropped.</summary>
    NeedsDecision,
}

public enum BillingUnit
{
    Each,
    Gigabyte,
    Terabyte,
}

public enum Rounding
{
    Up,
    Nearest,
    Down,
}

/// <summary>One asset, named the way ignore and include decisions name it.</summary>
public sealed record AssetRef(AssetKind Kind, string Id)
{
    public static AssetRef Device(string serialNumber) => new(AssetKind.Device, serialNumber);

    public static AssetRef Volume(string volumeId) => new(AssetKind.Volume, volumeId);

    public static AssetRef EndpointAgent(string assetUuid) => new(AssetKind.EndpointAgent, assetUuid);

    public static AssetRef SaasSeat(long saasCustomerId, string mainId) => new(AssetKind.SaasSeat, $"{saasCustomerId}/{mainId}");

    public static AssetRef SaasDomain(long saasCustomerId) => new(AssetKind.SaasDomain, saasCustomerId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public override string ToString() => $"{Kind}:{Id}";
}

/// <summary>A price always names its ISO 4217 currency.</summary>
public sealed record Money(decimal Amount, string Currency);

/// <summary>A service line on the PSA side: one service, optionally narrowed to one SaaS seat type.</summary>
public sealed record ServiceLine(BillableService Service, string? SeatType = null)
{
    public override string ToString() => SeatType is null ? Service.ToString() : $"{Service}/{SeatType}";
}
