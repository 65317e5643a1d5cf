namespace LedgerReconcile.Simulators.Psa.ConnectWise;

public sealed record ConnectWiseCompany(int Id, string Identifier, string Name)
{
    public string Status { get; init; } = "Active";
}

public sealed record ConnectWiseAgreement(int Id, string Name, int CompanyId, string AgreementStatus)
{
    public int TypeId { get; init; } = 3;
    public string TypeName { get; init; } = "Managed Services";
    public DateTimeOffset? EndDate { get; init; }
}

public sealed class ConnectWiseAddition
{
    public required int Id { get; init; }
    public required int AgreementId { get; init; }
    public required int ProductId { get; init; }
    public required string ProductIdentifier { get; init; }
    public required string Description { get; init; }
    public decimal? Quantity { get; set; }
    public required decimal UnitPrice { get; init; }
    public decimal UnitCost { get; init; }
    public DateTimeOffset EffectiveDate { get; init; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public DateTimeOffset? CancelledDate { get; set; }
    public string BillCustomer { get; init; } = "Billable";
    public DateTimeOffset LastUpdated { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public string UpdatedBy { get; set; } = "seed";

    /// <summary>A legacy field value that fails ConnectWise's whole-record validation on any PATCH, or null.</summary>
    public string? InvalidField { get; set; }
}

/// <summary>Deterministic data: two companies, agreements (one cancelled), enough additions to need several pages.</summary>
public sealed class ConnectWiseSeed
{
    public const int Acme = 19300;
    public const int Globex = 19301;
    public const int AcmeManagedServices = 801;
    public const int AcmeBackup = 802;
    public const int AcmeLegacy = 803;
    public const int AcmeSecurity = 805;

    /// <summary>A company whose lines show every status: billed, not billed, cancelled, end-dated, starting later.</summary>
    public const int Initech = 19302;
    public const int InitechManaged = 806;

    /// <summary>Initech's expired block-time agreement (type "Block Time").</summary>
    public const int InitechBlockTime = 807;
    public const int InitechBilled = 40601;
    public const int InitechNotBilled = 40602;
    public const int InitechCancelled = 40603;
    public const int InitechEndDated = 40604;
    public const int InitechStartsLater = 40605;

    /// <summary>M365 Business Premium on Acme's managed services agreement, quantity 12.</summary>
    public const int AcmeM365 = 40001;

    /// <summary>Endpoint detection on Acme's managed services agreement, quantity 30.</summary>
    public const int AcmeEdr = 40002;

    /// <summary>Server backup on Acme's backup agreement, quantity 4.</summary>
    public const int AcmeServerBackup = 40101;

    /// <summary>A cancelled addition: never listed.</summary>
    public const int AcmeCancelledLine = 40023;

    public List<ConnectWiseCompany> Companies { get; } = [];
    public List<ConnectWiseAgreement> Agreements { get; } = [];
    public List<ConnectWiseAddition> Additions { get; } = [];

    /// <summary>Acme's listable lines: 22 on managed services, 3 on backup, 2 on security.</summary>
    public const int AcmeActiveLineCount = 27;

    public static ConnectWiseSeed Default()
    {
        var seed = new ConnectWiseSeed();
        seed.Companies.Add(new(Acme, "ACME", "Acme Dental"));
        seed.Companies.Add(new(Globex, "GLOBEX", "Globex Logistics"));
        seed.Agreements.Add(new(AcmeManagedServices, "Acme Managed Services", Acme, "Active"));
        seed.Agreements.Add(new(AcmeBackup, "Acme Backup", Acme, "Active"));
        seed.Agreements.Add(new(AcmeLegacy, "Acme Legacy Support", Acme, "Cancelled"));
        seed.Agreements.Add(new(804, "Globex MSA", Globex, "Active"));
        seed.Agreements.Add(new(AcmeSecurity, "Acme Security", Acme, "Active"));

        seed.Additions.Add(Line(AcmeM365, AcmeManagedServices, 9001, "M365-BP", "Microsoft 365 Business Premium", 12, 22.00m));
        seed.Additions.Add(Line(AcmeEdr, AcmeManagedServices, 9002, "EDR-WS", "Endpoint detection and response", 30, 6.50m));
        for (var i = 3; i <= 22; i++)
            seed.Additions.Add(Line(40000 + i, AcmeManagedServices, 9000 + i, $"LIC-{i:00}", $"Licence bundle {i}", (i * 7 % 40) + 1, 1.25m * i));
        seed.Additions.Add(Line(AcmeCancelledLine, AcmeManagedServices, 9023, "LEGACY-AV", "Legacy antivirus", 25, 3m,
            cancelled: new DateTimeOffset(2026, 2, 28, 0, 0, 0, TimeSpan.Zero)));
        seed.Additions.Add(Line(AcmeServerBackup, AcmeBackup, 9101, "BACKUP-SRV", "Server backup", 4, 45m));
        seed.Additions.Add(Line(40102, AcmeBackup, 9102, "BACKUP-WS", "Workstation backup", 28, 4m));
        seed.Additions.Add(Line(40103, AcmeBackup, 9103, "BACKUP-TB", "Cloud storage per TB", 2.5m, 20m));
        seed.Additions.Add(Line(40201, AcmeLegacy, 9201, "HELPDESK-OLD", "Old helpdesk", 10, 15m));
        seed.Additions.Add(Line(40301, 804, 9001, "M365-BP", "Microsoft 365 Business Premium", 80, 21m));
        seed.Additions.Add(Line(40501, AcmeSecurity, 9501, "SAT", "Security awareness training", 31, 2m));
        seed.Additions.Add(Line(40502, AcmeSecurity, 9502, "DNS-FILTER", "DNS filtering", 31, 1.5m));
        seed.AddInitech();
        return seed;
    }

    private void AddInitech()
    {
        Companies.Add(new(Initech, "INITECH", "Initech Software"));
        Companies.Add(new(19303, "OLDCO", "Initrode (closed)") { Status = "Inactive" });
        Agreements.Add(new(InitechManaged, "Initech Managed", Initech, "Active"));
        Agreements.Add(new(InitechBlockTime, "Initech Block Hours 2025", Initech, "Expired")
            { TypeId = 7, TypeName = "Block Time", EndDate = new DateTimeOffset(2025, 12, 31, 0, 0, 0, TimeSpan.Zero) });
        Additions.Add(Line(InitechBilled, InitechManaged, 9001, "M365-BP", "Microsoft 365 Business Premium", 15, 22m));
        Additions.Add(new ConnectWiseAddition
        {
            Id = InitechNotBilled, AgreementId = InitechManaged, ProductId = 9002, ProductIdentifier = "EDR-WS",
            Description = "Endpoint detection (free trial)", Quantity = 5, UnitPrice = 0m, BillCustomer = "DoNotBill",
            LastUpdated = new DateTimeOffset(2026, 3, 4, 10, 30, 0, TimeSpan.Zero), UpdatedBy = "j.smith",
        });
        Additions.Add(Line(InitechCancelled, InitechManaged, 9023, "LEGACY-AV", "Legacy antivirus", 8, 3m,
            cancelled: new DateTimeOffset(2026, 2, 28, 0, 0, 0, TimeSpan.Zero)));
        Additions.Add(Line(InitechEndDated, InitechManaged, 9101, "BACKUP-SRV", "Server backup", 2, 45m,
            cancelled: new DateTimeOffset(2099, 6, 30, 0, 0, 0, TimeSpan.Zero)));
        Additions.Add(new ConnectWiseAddition
        {
            Id = InitechStartsLater, AgreementId = InitechManaged, ProductId = 9501, ProductIdentifier = "SAT",
            Description = "Security awareness training", Quantity = 20, UnitPrice = 2m,
            EffectiveDate = new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero),
        });
        Additions.Add(Line(40701, InitechBlockTime, 9201, "HELPDESK-OLD", "Block hours", 10, 15m));
    }

    /// <summary>
    /// A seed of <paramref name="companies"/> companies named "Customer 0001"…, each with one managed-services
    /// agreement of <paramref name="linesPerCompany"/> lines (for benchmarks and paging tests).
    /// </summary>
    public static ConnectWiseSeed Many(int companies, int linesPerCompany)
    {
        var seed = new ConnectWiseSeed();
        var nextLine = 1_000_000;
        for (var i = 1; i <= companies; i++)
        {
            var company = 100_000 + i;
            var agreement = 500_000 + i;
            seed.Companies.Add(new(company, $"C{i:0000}", $"Customer {i:0000}"));
            seed.Agreements.Add(new(agreement, $"Customer {i:0000} Managed Services", company, "Active"));
            for (var l = 1; l <= linesPerCompany; l++)
                seed.Additions.Add(Line(nextLine++, agreement, 9000 + l, $"SKU-{l:00}", $"Service {l}", (i + l) % 50 + 1, 2m * l));
        }
        return seed;
    }

    private static ConnectWiseAddition Line(int id, int agreement, int productId, string identifier, string description, decimal quantity, decimal price,
        DateTimeOffset? cancelled = null) => new()
    {
        Id = id,
        AgreementId = agreement,
        ProductId = productId,
        ProductIdentifier = identifier,
        Description = description,
        Quantity = quantity,
        UnitPrice = price,
        UnitCost = decimal.Round(price * 0.7m, 2),
        CancelledDate = cancelled,
    };
}
