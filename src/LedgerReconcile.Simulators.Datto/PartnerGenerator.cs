using System.Globalization;

namespace LedgerReconcile.Simulators.Datto;

// Everything comes from one seeded Random in a fixed order, so the same options always give the same partner.
internal static class PartnerGenerator
{
    private static readonly string[] Adjectives = ["Harbor", "Summit", "Cedar", "Granite", "Blue", "Northern", "Maple", "Silver", "Coastal", "Iron"];
    private static readonly string[] Nouns = ["Logistics", "Dental", "Legal", "Builders", "Farms", "Accounting", "Clinic", "Motors", "Studio", "Foods"];
    private static readonly string[] Suffixes = ["Ltd", "LLC", "Inc", "GmbH", "Pty Ltd"];
    private static readonly string[] Models = ["S5-2", "S5-4", "S4-8", "ALTO4", "NAS3", "SIRIS5", "CLDSIRIS"];
    private static readonly string[] OperatingSystems = ["Windows 10", "Windows 11", "Windows Server 2019", "Windows Server 2022", "Ubuntu 22.04"];
    private static readonly string[] Regions = ["US", "CA", "UK", "EU", "AU"];
    private static readonly string[] Office365SeatTypes = ["User", "User", "User", "SharedMailbox", "Site", "TeamSite", "Team"];
    private static readonly string[] GoogleSeatTypes = ["User", "User", "SharedDrive"];
    private static readonly string[] SeatStates = ["Active", "Active", "Active", "Active", "Active", "Paused", "Archived", "Unprotected"];

    // Every spelling the client must accept, each with a size that fits its magnitude.
    private static readonly (string Units, int Scale, int Max)[] Spellings =
    [
        ("B", 0, int.MaxValue), ("Bytes", 0, int.MaxValue), ("bytes", 0, int.MaxValue), ("KB", 0, 900_000_000),
        ("KiB", 0, 900_000_000), ("MB", 1, 9_000_000), ("Mb", 1, 9_000_000), ("MiB", 1, 9_000_000), ("GB", 1, 90_000),
        ("gb", 1, 90_000), ("GiB", 2, 900_000), ("TB", 2, 900), ("TiB", 2, 900), ("tib", 3, 9_000),
    ];

    private static readonly DateTimeOffset Epoch = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static int Spread(double average, int index) =>
        (int)(Math.Floor((index + 1) * average) - Math.Floor(index * average));

    private static bool Every(int n, int oneBasedIndex) => n > 0 && oneBasedIndex % n == 0;

    public static SimulatedPartner Generate(DattoSimulatorOptions options)
    {
        var random = new Random(options.Seed);
        var partner = new SimulatedPartner();
        var deviceIndex = 0;
        var agentIndex = 0;
        var dtcIndex = 0;
        var domainIndex = 0;
        var seatIndex = 0;

        string Hex(int length) =>
            string.Concat(Enumerable.Range(0, length).Select(_ => "0123456789abcdef"[random.Next(16)]));

        for (var o = 0; o < options.OrganizationCount; o++)
        {
            var organization = new SimulatedOrganization
            {
                Id = 4100 + o * 3,
                Name = $"{Adjectives[random.Next(Adjectives.Length)]} {Nouns[random.Next(Nouns.Length)]} {o + 1:D4} {Suffixes[random.Next(Suffixes.Length)]}",
            };
            partner.Organizations.Add(organization);
            var shortName = $"C{o + 1:D4}";

            for (var d = 0; d < Spread(options.DevicesPerOrganization, o); d++, deviceIndex++)
            {
                var legacy = Every(options.OrganizationIdMissingEvery, deviceIndex + 1);
                var device = new SimulatedDevice
                {
                    SerialNumber = (Hex(6) + deviceIndex.ToString("x6", CultureInfo.InvariantCulture)).ToUpperInvariant(),
                    Name = $"{shortName}-SIRIS-{d + 1}",
                    Model = Models[random.Next(Models.Length)],
                    OrganizationId = organization.Id,
                    OrganizationName = organization.Name,
                    // Hand-typed in the portal long ago: case and spacing drift from the organisation's name.
                    ClientCompanyName = legacy ? "  " + organization.Name.ToUpperInvariant().Replace(" ", "  ", StringComparison.Ordinal) : organization.Name,
                    LegacyWithoutOrganization = legacy,
                    Hidden = Every(options.HiddenDeviceEvery, deviceIndex + 1),
                    ChildReseller = Every(options.ChildResellerDeviceEvery, deviceIndex + 1),
                    ServicePeriod = Epoch.AddDays(random.Next(-60, 900)),
                    LastSeen = Epoch.AddMinutes(-random.Next(0, 100_000)),
                    OffsiteStorage = Storage(options.StorageUnits, deviceIndex, random),
                    LocalStorage = new SimulatedStorage(random.Next(100, 20_000), "GB"),
                    Region = Regions[random.Next(Regions.Length)],
                };
                var agents = Spread(options.AgentsPerDevice, deviceIndex);
                for (var a = 0; a < agents; a++, agentIndex++)
                    device.Assets.Add(new SimulatedAsset
                    {
                        Volume = Hex(32),
                        Name = $"{shortName}-PC{a + 1:D2}",
                        Type = "agent",
                        Os = OperatingSystems[random.Next(OperatingSystems.Length)],
                        IsArchived = Every(options.ArchivedAgentEvery, agentIndex + 1),
                        IsPaused = Every(options.PausedAgentEvery, agentIndex + 1),
                        LastSnapshot = Epoch.AddMinutes(-random.Next(0, 10_000)).ToUnixTimeSeconds(),
                    });
                var shares = Spread(options.SharesPerDevice, deviceIndex);
                for (var s = 0; s < shares; s++)
                    device.Assets.Add(new SimulatedAsset
                    {
                        Volume = Hex(32),
                        Name = $"share{s + 1}",
                        Type = "share",
                        LastSnapshot = Epoch.AddMinutes(-random.Next(0, 10_000)).ToUnixTimeSeconds(),
                    });
                partner.Devices.Add(device);
            }

            for (var t = 0; t < Spread(options.DtcAssetsPerOrganization, o); t++, dtcIndex++)
                partner.DtcAssets.Add(new SimulatedDtcAsset
                {
                    AssetUuid = Guid.Parse(Hex(32)).ToString(),
                    Name = $"{shortName}-LAPTOP{t + 1:D2}",
                    Hostname = $"{shortName.ToLowerInvariant()}-laptop{t + 1:D2}",
                    OrganizationId = organization.Id,
                    OrganizationName = organization.Name,
                    LastBackup = Epoch.AddMinutes(-random.Next(0, 10_000)).ToUnixTimeSeconds(),
                });

            var endpointAgents = Spread(options.EndpointAgentsPerOrganization, o);
            if (endpointAgents > 0)
            {
                var client = new SimulatedEndpointClient { OrganizationId = organization.Id, OrganizationName = organization.Name };
                for (var e = 0; e < endpointAgents; e++)
                    client.Agents.Add(new SimulatedEndpointAgent
                    {
                        Uuid = Guid.Parse(Hex(32)).ToString(),
                        Hostname = $"{shortName.ToLowerInvariant()}-ws{e + 1:D2}",
                        LastSnapshot = Epoch.AddMinutes(-random.Next(0, 10_000)).ToUnixTimeSeconds(),
                    });
                partner.EndpointClients.Add(client);
            }

            for (var s = 0; s < Spread(options.SaasDomainsPerOrganization, o); s++, domainIndex++)
            {
                var google = domainIndex % 3 == 2;
                var domain = new SimulatedSaasDomain
                {
                    SaasCustomerId = 70_000 + domainIndex,
                    SaasCustomerName = organization.Name,
                    Domain = google ? $"{shortName.ToLowerInvariant()}.example" : $"{shortName.ToLowerInvariant()}{s}.onmicrosoft.com",
                    OrganizationId = organization.Id,
                    OrganizationName = organization.Name,
                    ProductType = google ? "GoogleApps" : "Office365",
                };
                var types = google ? GoogleSeatTypes : Office365SeatTypes;
                for (var n = 0; n < options.SeatsPerDomain; n++, seatIndex++)
                {
                    var state = SeatStates[random.Next(SeatStates.Length)];
                    domain.Seats.Add(new SimulatedSeat
                    {
                        MainId = $"user{n + 1:D3}@{domain.Domain}",
                        Name = $"User {n + 1}",
                        SeatType = types[random.Next(types.Length)],
                        SeatState = state,
                        Billable = state != "Unprotected" && !Every(options.NonBillableSeatEvery, seatIndex + 1),
                        RemoteId = Guid.Parse(Hex(32)).ToString(),
                        DateAdded = Epoch.AddDays(-random.Next(0, 700)),
                    });
                }
                domain.SeatsUsed = domain.Seats.Count(x => x.Billable);
                partner.SaasDomains.Add(domain);
            }
        }
        return partner;
    }

    private static SimulatedStorage Storage(StorageUnitsStyle style, int deviceIndex, Random random)
    {
        switch (style)
        {
            case StorageUnitsStyle.BareNumber:
                return new SimulatedStorage(random.NextInt64(1, 40_000_000_000_000), null);
            case StorageUnitsStyle.MixedSpellings:
                var (units, scale, max) = Spellings[deviceIndex % Spellings.Length];
                return new SimulatedStorage(new decimal(random.Next(1, max), 0, 0, false, (byte)scale), units);
            default:
                return new SimulatedStorage(new decimal(random.Next(1, 400_000), 0, 0, false, 1), "GB");
        }
    }
}
