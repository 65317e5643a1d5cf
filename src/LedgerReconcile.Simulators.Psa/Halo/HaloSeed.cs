namespace LedgerReconcile.Simulators.Psa.Halo;

/// <summary>Deterministic data: Acme (client 12) has 7 recurring invoices, one with a negative id and derived lines.</summary>
public sealed class HaloSeed
{
    public const long Acme = 12;
    public const long Globex = 13;

    /// <summary>Acme's managed services recurring invoice; Halo header ids can be negative.</summary>
    public const long AcmeManagedServices = -94;

    public const long AcmeM365 = 24964;
    public const long AcmeEdr = 24965;

    /// <summary>Quantity derived from assets: read-only for quantity sync.</summary>
    public const long AcmeRmmAssets = 24966;

    /// <summary>Quantity derived from users: read-only for quantity sync.</summary>
    public const long AcmeSecurityUsers = 24967;

    public const int AcmeLineCount = 10;
    public const int AcmeInvoiceCount = 7;

    /// <summary>A client with an inactive recurring invoice and an inactive line.</summary>
    public const long Initech = 14;
    public const long InitechManaged = 301;
    public const long InitechEnded = 302;
    public const long InitechInactiveLine = 27002;

    public List<JsonObject> Invoices { get; } = [];

    public List<JsonObject> Clients { get; } = [];

    public static HaloSeed Default()
    {
        var seed = new HaloSeed();
        seed.Invoices.Add(Invoice(AcmeManagedServices, Acme, "Acme Managed Services",
            Line(AcmeM365, AcmeManagedServices, 501, "M365-BP", "Microsoft 365 Business Premium", 12, 22m, 1),
            Line(AcmeEdr, AcmeManagedServices, 502, "EDR-WS", "Endpoint detection and response", 30, 6.5m, 2),
            Line(AcmeRmmAssets, AcmeManagedServices, 503, "RMM-WS", "Workstation monitoring", 28, 4m, 3, assets: 28),
            Line(AcmeSecurityUsers, AcmeManagedServices, 504, "SAT", "Security awareness training", 31, 2m, 4, users: 31)));
        for (var i = 0; i < 6; i++)
        {
            var id = 101 + i;
            seed.Invoices.Add(Invoice(id, Acme, $"Acme add-on {i + 1}",
                Line(25000 + i, id, 600 + i, $"ADDON-{i + 1}", $"Add-on service {i + 1}", 2 + i, 10m + i, 1)));
        }
        seed.Invoices.Add(Invoice(201, Globex, "Globex Managed Services",
            Line(26001, 201, 501, "M365-BP", "Microsoft 365 Business Premium", 80, 21m, 1)));
        seed.Invoices.Add(Invoice(InitechManaged, Initech, "Initech Managed",
            Line(27001, InitechManaged, 501, "M365-BP", "Microsoft 365 Business Premium", 15, 22m, 1),
            Inactive(Line(InitechInactiveLine, InitechManaged, 502, "EDR-WS", "Endpoint detection and response", 5, 6.5m, 2))));
        var ended = Invoice(InitechEnded, Initech, "Initech Projects 2025", Line(27101, InitechEnded, 600, "ADDON-1", "Add-on service 1", 3, 10m, 1));
        (ended["rinvoice_type"], ended["inactive"], ended["enddate"]) = ("invoices", true, "2025-12-31T00:00:00");
        seed.Invoices.Add(ended);
        seed.Clients.AddRange([Client(Acme, "Acme Dental"), Client(Globex, "Globex Logistics"), Client(Initech, "Initech Software"), Client(15, "Initrode", inactive: true)]);
        return seed;
    }

    /// <summary>
    /// <paramref name="clients"/> clients named "Customer 0001"…, each with one recurring invoice of
    /// <paramref name="linesPerClient"/> lines (for benchmarks and paging tests).
    /// </summary>
    public static HaloSeed Many(int clients, int linesPerClient)
    {
        var seed = new HaloSeed();
        var nextLine = 1_000_000L;
        for (var i = 1; i <= clients; i++)
        {
            var client = 100_000L + i;
            var invoice = 500_000L + i;
            seed.Clients.Add(Client(client, $"Customer {i:0000}"));
            seed.Invoices.Add(Invoice(invoice, client, $"Customer {i:0000} Managed Services",
                Enumerable.Range(1, linesPerClient).Select(l => Line(nextLine++, invoice, 500 + l, $"SKU-{l:00}", $"Service {l}", (i + l) % 50 + 1, 2m * l, l)).ToArray()));
        }
        return seed;
    }

    public static JsonObject Client(long id, string name, bool inactive = false) => new() { ["id"] = id, ["name"] = name, ["inactive"] = inactive };

    private static JsonObject Inactive(JsonObject line)
    {
        line["isinactive"] = true;
        return line;
    }

    public static JsonObject Invoice(long id, long client, string name, params JsonObject[] lines) => new()
    {
        ["id"] = id,
        ["client_id"] = client,
        ["invoicename"] = name,
        ["reference"] = $"RI-{id}",
        ["rinvoice_type"] = "contracts",
        ["frequency"] = "monthly",
        ["startdate"] = "2026-01-01T00:00:00",
        ["inactive"] = false,
        ["lines"] = new JsonArray(lines.Select(l => (JsonNode)l).ToArray()),
    };

    public static JsonObject Line(long id, long invoice, long item, string code, string description, decimal quantity, decimal price, int sequence,
        int assets = 0, int users = 0) => new()
    {
        ["id"] = id,
        ["ihid"] = invoice,
        ["_itemid"] = item,
        ["item_code"] = code,
        ["item_shortdescription"] = description,
        ["item_longdescription"] = description + " (monthly)",
        ["qty_order"] = quantity,
        ["unit_price"] = price,
        ["unit_cost"] = decimal.Round(price * 0.7m, 2),
        ["net_amount"] = quantity * price,
        ["tax_code"] = 1,
        ["discount"] = 0,
        ["sequenceid"] = sequence,
        ["isinactive"] = false,
        ["contract_id"] = 3300 + invoice,
        ["recurring_invoice_quantity_type"] = assets > 0 ? 1 : users > 0 ? 2 : 0,
        ["calculate_price_from_assets"] = assets > 0,
        ["calculate_price_from_users"] = users > 0,
        ["quantity_assets"] = new JsonArray(Enumerable.Range(1, assets).Select(a => (JsonNode)new JsonObject { ["id"] = 7000 + a }).ToArray()),
        ["quantity_users"] = new JsonArray(Enumerable.Range(1, users).Select(u => (JsonNode)new JsonObject { ["id"] = 8000 + u }).ToArray()),
        ["quantity_licences"] = new JsonArray(),
        ["quantity_subscriptions"] = new JsonArray(),
        ["prorata_next_invoice"] = false,
        ["prorata_data"] = new JsonArray(),
        ["autorenew"] = true,
        ["onetimecharge"] = false,
    };
}
