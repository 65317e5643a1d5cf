namespace LedgerReconcile.Application.Customers;

/// <summary>Maps a Datto service (optionally one SaaS seat type) to a PSA line with its unit rule and price.</summary>
public sealed record MapService(
    CommandContext Context,
    string CustomerKey,
    string Service,
    string? SeatType,
    string PsaLineId,
    UnitRuleInput UnitRule,
    PriceInput? UnitPrice,
    DateTimeOffset? EffectiveFrom) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, IUserCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.MapService(ServiceLineInput.Parse(Service, SeatType), PsaLineId, UnitRule.ToRule(), UnitPrice?.ToMoney(), EffectiveFrom, Context.Actor, now);
}

/// <param name="Unit">Each, Gigabyte or Terabyte.</param>
/// <param name="Rounding">Up, Nearest or Down.</param>
public sealed record UnitRuleInput(string Unit, int? Base, string Rounding, decimal? Step, decimal? IncludedAllowance, decimal? Minimum)
{
    public static UnitRuleInput Each { get; } = new(nameof(BillingUnit.Each), 1000, nameof(Domain.Billing.Rounding.Up), 1m, 0m, 0m);

    public UnitRule ToRule() =>
        new(EnumText.Parse<BillingUnit>(Unit), Base!.Value, EnumText.Parse<Rounding>(Rounding), Step!.Value, IncludedAllowance!.Value, Minimum!.Value);
}

public sealed record PriceInput(decimal? Amount, string Currency)
{
    public Money ToMoney() => new(Amount!.Value, Currency);
}

public sealed class MapServiceValidator : CustomerCommandValidator<MapService>
{
    public MapServiceValidator(TimeProvider clock)
    {
        RuleFor(c => c.Service).IsOneOf<MapService, BillableService>();
        RuleFor(c => c.SeatType).NotEmpty().IsFreeText(100).When(c => c.SeatType is not null);
        RuleFor(c => c.PsaLineId).IsIdentifier(IdKind.PsaLine);
        RuleFor(c => c.UnitRule).NotNull().SetValidator(new UnitRuleInputValidator());
        RuleFor(c => c.UnitPrice!.Amount).IsMoney().When(c => c.UnitPrice is not null).OverridePropertyName("UnitPrice.Amount");
        RuleFor(c => c.UnitPrice!.Currency).IsCurrencyCode().When(c => c.UnitPrice is not null).OverridePropertyName("UnitPrice.Currency");
        RuleFor(c => c.EffectiveFrom).IsLedgerTime(clock);
    }
}

public sealed class UnitRuleInputValidator : AbstractValidator<UnitRuleInput>
{
    public UnitRuleInputValidator()
    {
        RuleFor(r => r.Unit).IsOneOf<UnitRuleInput, BillingUnit>();
        RuleFor(r => r.Rounding).IsOneOf<UnitRuleInput, Rounding>();
        RuleFor(r => r.Base).Must(b => b is 1000 or 1024).WithMessage("The base is 1000 or 1024.");
        RuleFor(r => r.Step).IsQuantity().GreaterThan(0);
        RuleFor(r => r.IncludedAllowance).IsQuantity();
        RuleFor(r => r.Minimum).IsQuantity();
    }
}

public sealed class MapServiceHandler(CustomerLedger ledger) : CustomerCommandHandler<MapService>(ledger);
