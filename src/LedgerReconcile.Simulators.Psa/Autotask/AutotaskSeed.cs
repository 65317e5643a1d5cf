namespace LedgerReconcile.Simulators.Psa.Autotask;

public sealed record AutotaskCompany(long Id, string CompanyName);

public sealed record AutotaskContract(long Id, long CompanyId, string ContractName, int ContractType, DateOnly StartDate, DateOnly EndDate);

public sealed record AutotaskService(long Id, string Name, string Description, decimal UnitPrice);

public sealed record AutotaskContractService(long Id, long ContractId, long ServiceId, decimal UnitPrice, string InvoiceDescription);

public sealed class AutotaskUnitsRow
{
    public required long Id { get; init; }
    public required long ContractId { get; init; }
    public required long ContractServiceId { get; init; }
    public required long ServiceId { get; init; }
    public required DateOnly StartDate { get; set; }
    public required DateOnly EndDate { get; set; }
    public required int Units { get; set; }
}

public sealed record AutotaskAdjustment(long Id, long ContractId, long ContractServiceId, long ServiceId, DateOnly EffectiveDate, int UnitChange);

/// <summary>Deterministic data: Acme has two recurring-service contracts (12 services) and one block-hour contract.</summary>
public sealed class AutotaskSeed
{
    public const long Acme = 29684001;
    public const long Globex = 29684002;
    public const long AcmeManagedServices = 5001;
    public const long AcmeBackup = 5002;

    /// <summary>M365 on Acme's managed services contract: 12 units every month.</summary>
    public const long AcmeM365 = 7001;

    /// <summary>EDR on Acme's managed services contract: 30 units every month.</summary>
    public const long AcmeEdr = 7002;

    public const int AcmeLineCount = 12;

    public List<AutotaskCompany> Companies { get; } = [];
    public List<AutotaskContract> Contracts { get; } = [];
    public List<AutotaskService> Services { get; } = [];
    public List<AutotaskContractService> ContractServices { get; } = [];
    public List<AutotaskUnitsRow> Units { get; } = [];

    public static AutotaskSeed Default()
    {
        var seed = new AutotaskSeed();
        var year = new { Start = new DateOnly(2026, 1, 1), End = new DateOnly(2026, 12, 31) };
        seed.Companies.Add(new(Acme, "Acme Dental"));
        seed.Companies.Add(new(Globex, "Globex Logistics"));
        seed.Contracts.Add(new(AcmeManagedServices, Acme, "Acme Managed Services", 7, year.Start, year.End));
        seed.Contracts.Add(new(AcmeBackup, Acme, "Acme Backup", 7, year.Start, year.End));
        seed.Contracts.Add(new(5003, Acme, "Acme Block Hours", 1, year.Start, year.End));
        seed.Contracts.Add(new(5004, Globex, "Globex Managed Services", 7, year.Start, year.End));

        string[] names = ["M365-BP", "EDR-WS", "RMM-WS", "RMM-SRV", "PATCH-WS", "MAIL-SEC", "SAT", "DNS-FILTER", "BACKUP-SRV", "BACKUP-WS", "BACKUP-TB", "BACKUP-M365"];
        for (var i = 0; i < names.Length; i++)
            seed.Services.Add(new(3001 + i, names[i], $"Service {names[i]}", 2m + i));
        int[] units = [12, 30, 28, 3, 28, 25, 31, 31, 4, 28, 2, 25];
        for (var i = 0; i < names.Length; i++)
        {
            var contract = i < 8 ? AcmeManagedServices : AcmeBackup;
            var id = 7001 + i;
            seed.ContractServices.Add(new(id, contract, 3001 + i, 2m + i + 0.5m, $"{names[i]} (Acme)"));
            seed.AddMonthlyUnits(id, contract, 3001 + i, units[i]);
        }
        seed.ContractServices.Add(new(7101, 5004, 3001, 21m, "M365-BP (Globex)"));
        seed.AddMonthlyUnits(7101, 5004, 3001, 80);
        return seed;
    }

    private void AddMonthlyUnits(long contractServiceId, long contractId, long serviceId, int units)
    {
        for (var month = 4; month <= 9; month++)
        {
            var start = new DateOnly(2026, month, 1);
            Units.Add(new AutotaskUnitsRow
            {
                Id = 100_000 + Units.Count,
                ContractId = contractId,
                ContractServiceId = contractServiceId,
                ServiceId = serviceId,
                StartDate = start,
                EndDate = start.AddMonths(1).AddDays(-1),
                Units = units,
            });
        }
    }
}
