namespace LedgerReconcile.Simulators.Psa.Syncro;

public sealed class SyncroLineItem
{
    public required long Id { get; init; }
    public required long ProductId { get; init; }
    public required string Name { get; set; }
    public string Description { get; init; } = "";
    public required decimal Quantity { get; set; }

    /// <summary>Syncro sends a stored quantity as a string ("9.99"); seeded lines may still carry a number.</summary>
    public bool QuantityAsString { get; set; } = true;

    public required int RetailCents { get; init; }
    public int CostCents { get; init; }
    public bool Taxable { get; init; } = true;
    public bool OneTimeCharge { get; init; }
    public int Position { get; init; }

    /// <summary>Set for dynamic lines whose quantity Syncro counts itself (asset/RMM counters, RMM packages).</summary>
    public int? RecurringTypeId { get; init; }
}

public sealed record SyncroCustomer(long Id, string BusinessName, bool Disabled = false);

public sealed class SyncroSchedule
{
    public required long Id { get; init; }
    public required long CustomerId { get; init; }
    public required string Name { get; init; }
    public string Frequency { get; init; } = "Monthly";
    public DateOnly NextRun { get; init; } = new(2026, 7, 1);
    public bool Paused { get; init; }
    public List<SyncroLineItem> Lines { get; } = [];
}

/// <summary>
/// Deterministic data: Acme (customer 31001) has five invoice schedules, one paused, with a dynamic RMM-counted line,
/// quantities stored as strings and as numbers, and a fractional quantity; Globex (31002) has one.
/// </summary>
public sealed class SyncroSeed
{
    public const long Acme = 31001;
    public const long Globex = 31002;

    public const long AcmeManagedServices = 5101;
    public const long AcmePausedSchedule = 5104;

    /// <summary>Microsoft 365 on Acme's managed services schedule: "12.0", sent as a string.</summary>
    public const long AcmeM365 = 70001;

    /// <summary>Endpoint detection on Acme's managed services schedule: 30, sent as a number.</summary>
    public const long AcmeEdr = 70002;

    /// <summary>Workstation monitoring counted by Syncro's RMM (recurring_type_id set): read-only.</summary>
    public const long AcmeRmmCounter = 70003;

    /// <summary>Offsite backup in TB: "2.5".</summary>
    public const long AcmeBackup = 70004;

    /// <summary>A line on the paused schedule: never listed.</summary>
    public const long AcmePausedLine = 70031;

    public const int AcmeScheduleCount = 5;

    /// <summary>Lines on Acme's four running schedules.</summary>
    public const int AcmeListedLineCount = 7;

    public List<SyncroSchedule> Schedules { get; } = [];

    public List<SyncroCustomer> Customers { get; } = [];

    public static SyncroSeed Default()
    {
        var seed = new SyncroSeed();
        seed.Schedules.Add(Schedule(AcmeManagedServices, Acme, "Acme Managed Services",
        [
            Line(AcmeM365, 9001, "Microsoft 365 Business Premium", 12m, 2200, 1),
            Line(AcmeEdr, 9002, "Endpoint detection and response", 30m, 650, 2, asString: false),
            Line(AcmeRmmCounter, 9003, "Workstation monitoring", 28m, 400, 3, recurringTypeId: 2),
            Line(AcmeBackup, 9004, "Offsite backup (TB)", 2.5m, 2000, 4),
        ]));
        seed.Schedules.Add(Schedule(5102, Acme, "Acme Email Security", [Line(70011, 9011, "Email filtering", 31m, 300, 1, asString: false)]));
        seed.Schedules.Add(Schedule(5103, Acme, "Acme Security Awareness", [Line(70021, 9021, "Security awareness training", 31m, 200, 1)]));
        seed.Schedules.Add(Schedule(AcmePausedSchedule, Acme, "Acme Legacy Antivirus", [Line(AcmePausedLine, 9031, "Legacy antivirus", 25m, 150, 1)], paused: true));
        seed.Schedules.Add(Schedule(5105, Acme, "Acme Quarterly Review",
            [Line(70041, 9041, "Quarterly business review", 1m, 45000, 1, asString: false)], frequency: "Quarterly"));
        seed.Schedules.Add(Schedule(5201, Globex, "Globex Managed Services", [Line(70101, 9001, "Microsoft 365 Business Premium", 80m, 2100, 1)]));
        seed.Customers.AddRange([new(Acme, "Acme Dental"), new(Globex, "Globex Logistics"), new(31003, "Initech Software"), new(31004, "Initrode", Disabled: true)]);
        return seed;
    }

    /// <summary>
    /// <paramref name="customers"/> customers named "Customer 0001"…, each with one monthly schedule of
    /// <paramref name="linesPerCustomer"/> lines (for benchmarks and paging tests).
    /// </summary>
    public static SyncroSeed Many(int customers, int linesPerCustomer)
    {
        var seed = new SyncroSeed();
        var nextLine = 1_000_000L;
        for (var i = 1; i <= customers; i++)
        {
            var customer = 100_000L + i;
            seed.Customers.Add(new(customer, $"Customer {i:0000}"));
            seed.Schedules.Add(Schedule(500_000 + i, customer, $"Customer {i:0000} Managed Services",
                Enumerable.Range(1, linesPerCustomer).Select(l => Line(nextLine++, 9000 + l, $"Service {l}", (i + l) % 50 + 1, 200 * l, l)).ToArray()));
        }
        return seed;
    }

    private static SyncroSchedule Schedule(long id, long customer, string name, SyncroLineItem[] lines, bool paused = false, string frequency = "Monthly")
    {
        var schedule = new SyncroSchedule { Id = id, CustomerId = customer, Name = name, Paused = paused, Frequency = frequency };
        schedule.Lines.AddRange(lines);
        return schedule;
    }

    private static SyncroLineItem Line(long id, long product, string name, decimal quantity, int retailCents, int position,
        bool asString = true, int? recurringTypeId = null) => new()
    {
        Id = id,
        ProductId = product,
        Name = name,
        Description = name + " (monthly)",
        Quantity = quantity,
        QuantityAsString = asString,
        RetailCents = retailCents,
        CostCents = retailCents * 7 / 10,
        Position = position,
        RecurringTypeId = recurringTypeId,
    };
}
