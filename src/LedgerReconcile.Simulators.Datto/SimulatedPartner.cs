namespace LedgerReconcile.Simulators.Datto;

// The simulated partner's state. Mutate it only through DattoSimulator.Mutate, which holds the lock the routes read under.
public sealed class SimulatedPartner
{
    public List<SimulatedOrganization> Organizations { get; } = [];
    public List<SimulatedDevice> Devices { get; } = [];
    public List<SimulatedDtcAsset> DtcAssets { get; } = [];
    public List<SimulatedEndpointClient> EndpointClients { get; } = [];
    public List<SimulatedSaasDomain> SaasDomains { get; } = [];

    public SimulatedDevice Device(string serialNumber) =>
        Devices.Single(d => string.Equals(d.SerialNumber, serialNumber, StringComparison.OrdinalIgnoreCase));

    public SimulatedAsset AddAgent(string serialNumber, string name)
    {
        var asset = new SimulatedAsset
        {
            Volume = Guid.NewGuid().ToString("N"), Name = name, Type = "agent", Os = "Windows Server 2022",
            LastSnapshot = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        };
        Device(serialNumber).Assets.Add(asset);
        return asset;
    }

    public void RemoveAsset(string serialNumber, string name) =>
        Device(serialNumber).Assets.RemoveAll(a => a.Name == name);

    /// <summary>Renames an organization everywhere the partner's data carries its name, as the portal does.</summary>
    public void RenameOrganization(long organizationId, string name)
    {
        Organizations.Single(o => o.Id == organizationId).Name = name;
        foreach (var device in Devices.Where(d => d.OrganizationId == organizationId))
            (device.OrganizationName, device.ClientCompanyName) = (name, name);
        foreach (var asset in DtcAssets.Where(a => a.OrganizationId == organizationId))
            asset.OrganizationName = name;
        foreach (var client in EndpointClients.Where(c => c.OrganizationId == organizationId))
            client.OrganizationName = name;
        foreach (var domain in SaasDomains.Where(d => d.OrganizationId == organizationId))
            (domain.OrganizationName, domain.SaasCustomerName) = (name, name);
    }

    public void SetOffsiteStorage(string serialNumber, decimal size, string? units) =>
        Device(serialNumber).OffsiteStorage = new SimulatedStorage(size, units);
}

public sealed class SimulatedOrganization
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
}

// Units null renders the storage as a bare number.
public sealed record SimulatedStorage(decimal Size, string? Units);

public sealed class SimulatedDevice
{
    public string SerialNumber { get; set; } = "";
    public string Name { get; set; } = "";
    public string Model { get; set; } = "";
    public long OrganizationId { get; set; }
    public string OrganizationName { get; set; } = "";
    public string ClientCompanyName { get; set; } = "";
    // Devices registered before organisations existed carry only clientCompanyName.
    public bool LegacyWithoutOrganization { get; set; }
    public bool Hidden { get; set; }
    public bool ChildReseller { get; set; }
    public DateTimeOffset ServicePeriod { get; set; }
    public DateTimeOffset LastSeen { get; set; }
    public SimulatedStorage OffsiteStorage { get; set; } = new(0, "GB");
    public SimulatedStorage LocalStorage { get; set; } = new(0, "GB");
    public string Region { get; set; } = "US";
    public AssetResponseShape? AssetShape { get; set; }
    public List<SimulatedAsset> Assets { get; } = [];

    public int AgentCount => Assets.Count(a => a.Type == "agent");
    public int ShareCount => Assets.Count(a => a.Type == "share");
}

public sealed class SimulatedAsset
{
    public string Volume { get; set; } = "";
    public string Name { get; set; } = "";
    public string Type { get; set; } = "agent";
    public string? Os { get; set; }
    public bool IsPaused { get; set; }
    public bool IsArchived { get; set; }
    public long LastSnapshot { get; set; }
}

public sealed class SimulatedDtcAsset
{
    public string AssetUuid { get; set; } = "";
    public string Name { get; set; } = "";
    public string Hostname { get; set; } = "";
    public long OrganizationId { get; set; }
    public string OrganizationName { get; set; } = "";
    public long LastBackup { get; set; }
}

public sealed class SimulatedEndpointClient
{
    public long OrganizationId { get; set; }
    public string OrganizationName { get; set; } = "";
    public List<SimulatedEndpointAgent> Agents { get; } = [];
}

public sealed class SimulatedEndpointAgent
{
    public string Uuid { get; set; } = "";
    public string Hostname { get; set; } = "";
    public long LastSnapshot { get; set; }
}

public sealed class SimulatedSaasDomain
{
    public long SaasCustomerId { get; set; }
    public string SaasCustomerName { get; set; } = "";
    public string Domain { get; set; } = "";
    public long OrganizationId { get; set; }
    public string OrganizationName { get; set; } = "";
    public string ProductType { get; set; } = "Office365";
    public int SeatsUsed { get; set; }
    public List<SimulatedSeat> Seats { get; } = [];
}

public sealed class SimulatedSeat
{
    public string MainId { get; set; } = "";
    public string Name { get; set; } = "";
    public string SeatType { get; set; } = "User";
    public string SeatState { get; set; } = "Active";
    public bool Billable { get; set; }
    public string RemoteId { get; set; } = "";
    public DateTimeOffset DateAdded { get; set; }
}
