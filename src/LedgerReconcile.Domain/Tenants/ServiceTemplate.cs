using System.Text.RegularExpressions;

namespace LedgerReconcile.Domain.Tenants;

/// <summary>
/// A tenant's standing answer to "which Datto service does this PSA product bill?": every line carrying the product on
/// a mapped agreement is mapped to <see cref="Line"/> with <see cref="UnitRule"/> (and <see cref="UnitPrice"/> when set).
/// </summary>
public sealed record ServiceTemplate(ServiceTemplateKey Key, ServiceLine Line, UnitRule UnitRule, Money? UnitPrice)
{
    public static ServiceTemplate From(TenantEvent.ServiceTemplateSet set) =>
        new(new ServiceTemplateKey(set.Psa, set.ProductId), new ServiceLine(set.Service, set.SeatType), UnitRule.From(set.UnitRule), set.UnitPrice);
}

/// <summary>A PSA's product/catalog item: ConnectWise catalog item, Autotask service, Halo item, Syncro product.</summary>
public sealed record ServiceTemplateKey(PsaKind Psa, string ProductId)
{
    public const string ProductIdGrammar = "A product id is the PSA's own numeric id of the catalog item, service, item or product (1 to 18 digits).";

    // A template may name a product no agreement carries yet, so the grammar is all that can be checked when it is set.
    public static bool IsProductId(string? productId) => PsaIds.IsValid(productId) && productId![0] != '-';

    public override string ToString() => $"{Psa}:{ProductId}";
}

/// <summary>Every supported PSA numbers its companies, agreements and catalog with integers.</summary>
public static partial class PsaIds
{
    public const string Grammar = "A PSA id is the PSA's own numeric id (1 to 18 digits, negative for some Halo recurring invoices).";

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    // Halo numbers some recurring invoice headers below zero; no PSA uses zero or leading zeros.
    [GeneratedRegex("^-?[1-9][0-9]{0,17}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
