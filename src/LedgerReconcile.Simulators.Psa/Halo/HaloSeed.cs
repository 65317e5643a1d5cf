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

    public List<JsonObject> Invoices { get; } = [];

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
        return seed;
    }

    private static JsonObject Invoice(long id, long client, string name, params JsonObject[] lines) => new()
    {
        ["id"] = id,
        ["client_id"] = client,
        ["invoicename"] = name,
        ["reference"] = $"RI-{id}",
        ["rinvoice_type"] = "contracts",
        ["frequency"] = "monthly",
        ["lines"] = new JsonArray(lines.Select(l => (JsonNode)l).ToArray()),
    };

    private static JsonObject Line(long id, long invoice, long item, string code, string description, decimal quantity, decimal price, int sequence,
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
