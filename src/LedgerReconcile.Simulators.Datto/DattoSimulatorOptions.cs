namespace LedgerReconcile.Simulators.Datto;

public enum AssetResponseShape { BareArray, Envelope, IndexKeyed, Mixed }

public enum StorageUnitsStyle { Gigabytes, MixedSpellings, BareNumber }

public enum EndpointAgentsResponse { Clients, EmptyClients, EmptyObject, EmptyArray, EmptyBody }

public enum NonBillableValue { Zero, EmptyString }

public sealed class DattoSimulatorOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; }

    public string PublicKey { get; set; } = "sim-public-key";
    public string SecretKey { get; set; } = "sim-secret-key";

    // Generated partner. Fractional averages are spread evenly (item i gets floor((i+1)a) - floor(ia)), so totals are exact.
    public int Seed { get; set; } = 20260101;
    public int OrganizationCount { get; set; } = 300;
    public double DevicesPerOrganization { get; set; } = 4;
    public double AgentsPerDevice { get; set; } = 6;
    public double SharesPerDevice { get; set; } = 1.5;
    public double DtcAssetsPerOrganization { get; set; } = 1;
    public double EndpointAgentsPerOrganization { get; set; } = 0.5;
    public double SaasDomainsPerOrganization { get; set; } = 0.5;
    public int SeatsPerDomain { get; set; } = 20;
    public int MaxPerPage { get; set; } = 250;

    // Quirks. "Every N" options: 0 is off, otherwise every Nth item (1-based) has the quirk.
    public AssetResponseShape AssetShape { get; set; } = AssetResponseShape.BareArray;
    public StorageUnitsStyle StorageUnits { get; set; } = StorageUnitsStyle.Gigabytes;
    public int HiddenDeviceEvery { get; set; }
    public int ChildResellerDeviceEvery { get; set; }
    public int ArchivedAgentEvery { get; set; }
    public int PausedAgentEvery { get; set; }
    public int OrganizationIdMissingEvery { get; set; }
    public int NonBillableSeatEvery { get; set; } = 7;
    public NonBillableValue NonBillable { get; set; } = NonBillableValue.Zero;
    public EndpointAgentsResponse EndpointAgents { get; set; } = EndpointAgentsResponse.Clients;

    // Numbers as strings, booleans as 0/1 or "true", lastSeenDate as epoch seconds, region as a string.
    public bool LooseTyping { get; set; }

    public List<DattoFault> Faults { get; } = [];
}
