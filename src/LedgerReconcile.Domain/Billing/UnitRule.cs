using LedgerReconcile.Domain.Customers;

namespace LedgerReconcile.Domain.Billing;

/// <summary>
/// How a raw amount (a count, or bytes for storage) becomes the quantity on a PSA line.
/// </summary>
/// <param name="Unit">Each for counted services; gigabytes or terabytes for storage.</param>
/// <param name="Base">1000 or 1024: the MSP's contract decides what a GB is.</param>
/// <param name="Rounding">Direction of rounding to <paramref name="Step"/>.</param>
/// <param name="Step">The billing increment in <paramref name="Unit"/>s, e.g. 1 TB or 0.5 TB.</param>
/// <param name="IncludedAllowance">Quantity included in the base price, subtracted before rounding.</param>
/// <param name="Minimum">The least quantity billed, whatever the usage.</param>
public sealed record UnitRule(
    BillingUnit Unit,
    int Base,
    Rounding Rounding,
    decimal Step,
    decimal IncludedAllowance,
    decimal Minimum)
{
    public static UnitRule Each { get; } = new(BillingUnit.Each, 1000, Rounding.Up, 1m, 0m, 0m);

    /// <summary>Used to show storage before a service mapping gives it a rule: decimal GB, no rounding effect worth noting.</summary>
    public static UnitRule StorageWithoutMapping { get; } = new(BillingUnit.Gigabyte, 1000, Rounding.Up, 0.001m, 0m, 0m);

    public static UnitRule DefaultFor(BillableService service) =>
        service == BillableService.OffsiteStorage ? StorageWithoutMapping : Each;

    public static UnitRule From(UnitRuleTerms terms) =>
        new(terms.Unit, terms.Base, terms.Rounding, terms.Step, terms.IncludedAllowance, terms.Minimum);

    public UnitRuleTerms ToTerms() => new(Unit, Base, Rounding, Step, IncludedAllowance, Minimum, IsStorageUnit);

    public bool IsStorageUnit => Unit is BillingUnit.Gigabyte or BillingUnit.Terabyte;

    /// <summary>Why this rule cannot be applied, or null when it can.</summary>
    public string? Problem() =>
        Base is not (1000 or 1024) ? "The base must be 1000 or 1024."
        : Step <= 0 ? "The rounding step must be positive."
        : IncludedAllowance < 0 ? "The included allowance cannot be negative."
        : Minimum < 0 ? "The minimum cannot be negative."
        : null;

    /// <summary>Converts a raw amount in the service's natural unit (items, or bytes) into this rule's unit.</summary>
    public decimal ToUnits(decimal rawAmount) => Unit switch
    {
        BillingUnit.Gigabyte => rawAmount / Power(Base, 3),
        BillingUnit.Terabyte => rawAmount / Power(Base, 4),
        _ => rawAmount,
    };

    /// <summary>
    /// The billed quantity. The allowance is taken off before rounding, because contracts state the allowance in
    /// the unit they bill ("1 TB included, then per started 500 GB"); the minimum applies last, to the result.
    /// </summary>
    public decimal Quantity(decimal rawAmount) => Math.Max(Minimum, UsageQuantity(rawAmount));

    /// <summary>The quantity the usage alone bills, before the minimum (a committed seat count, say) is applied.</summary>
    public decimal UsageQuantity(decimal rawAmount)
    {
        var overAllowance = Math.Max(0m, ToUnits(rawAmount) - IncludedAllowance);
        var steps = overAllowance / Step;
        var roundedSteps = Rounding switch
        {
            Rounding.Up => Math.Ceiling(steps),
            Rounding.Down => Math.Floor(steps),
            _ => Math.Round(steps, MidpointRounding.AwayFromZero),
        };

        return roundedSteps * Step;
    }

    private static decimal Power(int @base, int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= @base;
        }

        return result;
    }
}
