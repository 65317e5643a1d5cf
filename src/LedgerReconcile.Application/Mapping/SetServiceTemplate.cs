using LedgerReconcile.Application.Customers;
using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.Mapping;

/// <summary>
/// The tenant's template for one PSA product: every line carrying it on a mapped agreement is mapped to this Datto
/// service (and seat type) with this unit rule and, when given, price. The product need not be on any agreement yet;
/// its id is checked against the PSA's id grammar only.
/// </summary>
public sealed record SetServiceTemplate(
    CommandContext Context,
    string Psa,
    string ProductId,
    string Service,
    string? SeatType,
    UnitRuleInput UnitRule,
    PriceInput? UnitPrice) : ICommand<CommandResult>, ILedgerCommand<TenantCommand>, IUserCommand
{
    public TenantCommand ToDomain(DateTimeOffset now) =>
        new TenantCommand.SetServiceTemplate(
            new ServiceTemplate(
                new ServiceTemplateKey(EnumText.Parse<PsaKind>(Psa), ProductId),
                ServiceLineInput.Parse(Service, SeatType),
                UnitRule.ToRule(),
                UnitPrice?.ToMoney()),
            Context.Actor,
            now);
}

public sealed class SetServiceTemplateValidator : LedgerCommandValidator<SetServiceTemplate>
{
    public SetServiceTemplateValidator()
    {
        RuleFor(c => c.Psa).IsOneOf<SetServiceTemplate, PsaKind>();
        RuleFor(c => c.ProductId).Must(ServiceTemplateKey.IsProductId).WithMessage(ServiceTemplateKey.ProductIdGrammar);
        RuleFor(c => c.Service).IsOneOf<SetServiceTemplate, BillableService>();
        RuleFor(c => c.SeatType).NotEmpty().IsFreeText(100).When(c => c.SeatType is not null);
        RuleFor(c => c.UnitRule).NotNull().SetValidator(new UnitRuleInputValidator());
        RuleFor(c => c.UnitPrice!.Amount).IsMoney().When(c => c.UnitPrice is not null).OverridePropertyName("UnitPrice.Amount");
        RuleFor(c => c.UnitPrice!.Currency).IsCurrencyCode().When(c => c.UnitPrice is not null).OverridePropertyName("UnitPrice.Currency");
    }
}

public sealed class SetServiceTemplateHandler(TenantLedger ledger) : TenantCommandHandler<SetServiceTemplate>(ledger);
