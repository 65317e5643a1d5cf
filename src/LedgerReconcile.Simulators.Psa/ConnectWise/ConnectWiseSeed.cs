namespace LedgerReconcile.Simulators.Psa.ConnectWise;

public sealed record ConnectWiseCompany(int Id, string Identifier, string Name);

public sealed record ConnectWiseAgreement(int Id, string Name, int CompanyId, string AgreementStatus);

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
    public DateTimeOffset? CancelledDate { get; init; }
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
