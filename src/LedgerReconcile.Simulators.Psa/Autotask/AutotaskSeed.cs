namespace LedgerReconcile.Simulators.Psa.Autotask;

public sealed record AutotaskCompany(long Id, string CompanyName, bool IsActive = true);

public sealed record AutotaskContract(long Id, long CompanyId, string ContractName, int ContractType, DateOnly StartDate, DateOnly EndDate)
{
    /// <summary>The status picklist: 1 active, 0 inactive.</summary>
    public int Status { get; init; } = 1;
}

public sealed record AutotaskService(long Id, string Name, string Description, decimal UnitPrice);

public sealed record AutotaskContractService(long Id, long ContractId, long ServiceId, decimal UnitPrice, string InvoiceDescription)
{
    public string? InternalDescription { get; init; }
}

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

    /// <summary>A company with an active recurring contract (one service ending in May) and an inactive one.</summary>
    public const long Initech = 29684003;
    public const long InitechManaged = 5005;
    public const long InitechInactive = 5006;
    public const long InitechM365 = 7201;

    /// <summary>Units only until May 2026: end-dated by June.</summary>
    public const long InitechEndedInMay = 7202;

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
        seed.AddInitech(year.Start, year.End);
        return seed;
    }

    private void AddInitech(DateOnly start, DateOnly end)
    {
        Companies.Add(new(Initech, "Initech Software"));
        Companies.Add(new(29684004, "Initrode", IsActive: false));
        Contracts.Add(new(InitechManaged, Initech, "Initech Managed", 7, start, end));
        Contracts.Add(new(InitechInactive, Initech, "Initech 2025", 7, new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)) { Status = 0 });
        ContractServices.Add(new(InitechM365, InitechManaged, 3001, 22m, "M365-BP (Initech)"));
        AddMonthlyUnits(InitechM365, InitechManaged, 3001, 15);
        ContractServices.Add(new(InitechEndedInMay, InitechManaged, 3002, 6.5m, "EDR-WS (Initech)"));
        AddMonthlyUnits(InitechEndedInMay, InitechManaged, 3002, 5, lastMonth: 5);
    }

    /// <summary>
    /// <paramref name="companies"/> companies named "Customer 0001"…, each with one recurring-service contract of
    /// <paramref name="servicesPerCompany"/> services (for benchmarks and paging tests).
    /// </summary>
    public static AutotaskSeed Many(int companies, int servicesPerCompany)
    {
        var seed = new AutotaskSeed();
        for (var l = 1; l <= servicesPerCompany; l++)
            seed.Services.Add(new(3000 + l, $"SKU-{l:00}", $"Service {l}", 2m * l));
        var nextService = 1_000_000L;
        for (var i = 1; i <= companies; i++)
        {
            var company = 100_000L + i;
            var contract = 500_000L + i;
            seed.Companies.Add(new(company, $"Customer {i:0000}"));
            seed.Contracts.Add(new(contract, company, $"Customer {i:0000} Managed Services", 7, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)));
            for (var l = 1; l <= servicesPerCompany; l++)
            {
                seed.ContractServices.Add(new(nextService, contract, 3000 + l, 2m * l, $"Service {l}"));
                seed.AddMonthlyUnits(nextService++, contract, 3000 + l, (i + l) % 50 + 1);
            }
        }
        return seed;
    }

    // A service created through the API: rows after the highest id, since a test may have replaced some seeded rows.
    internal void AddMonthlyUnits(long contractServiceId, AutotaskContract contract, long serviceId, int units)
    {
        for (var start = new DateOnly(contract.StartDate.Year, contract.StartDate.Month, 1); start <= contract.EndDate; start = start.AddMonths(1))
            AddMonth(Units.Max(u => u.Id) + 1, contractServiceId, contract.Id, serviceId, start, units);
    }

    internal void AddMonthlyUnits(long contractServiceId, long contractId, long serviceId, int units, int firstMonth = 4, int lastMonth = 9)
    {
        for (var month = firstMonth; month <= lastMonth; month++)
            AddMonth(100_000 + Units.Count, contractServiceId, contractId, serviceId, new DateOnly(2026, month, 1), units);
    }

    private void AddMonth(long id, long contractServiceId, long contractId, long serviceId, DateOnly start, int units) =>
        Units.Add(new AutotaskUnitsRow
        {
            Id = id,
            ContractId = contractId,
            ContractServiceId = contractServiceId,
            ServiceId = serviceId,
            StartDate = start,
            EndDate = start.AddMonths(1).AddDays(-1),
            Units = units,
        });
}
