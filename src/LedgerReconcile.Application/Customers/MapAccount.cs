namespace LedgerReconcile.Application.Customers;

/// <summary>Maps a Datto organization to a PSA company and agreement/contract, keyed on ids (names drift).</summary>
public sealed record MapAccount(
    CommandContext Context,
    string CustomerKey,
    long? OrganizationId,
    string DattoOrganizationName,
    string PsaKind,
    string PsaCompanyId,
    string PsaCompanyName,
    string AgreementId,
    DateTimeOffset? EffectiveFrom) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, IUserCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.MapAccount(
            OrganizationId,
            DattoOrganizationName,
            EnumText.Parse<PsaKind>(PsaKind),
            PsaCompanyId,
            PsaCompanyName,
            AgreementId,
            EffectiveFrom,
            Context.Actor,
            now);
}

public sealed class MapAccountValidator : CustomerCommandValidator<MapAccount>
{
    public MapAccountValidator(TimeProvider clock)
    {
        RuleFor(c => c.OrganizationId).GreaterThan(0);
        RuleFor(c => c.DattoOrganizationName).IsName();
        RuleFor(c => c.PsaKind).IsOneOf<MapAccount, PsaKind>();
        RuleFor(c => c.PsaCompanyId).IsIdentifier();
        RuleFor(c => c.PsaCompanyName).IsName();
        RuleFor(c => c.AgreementId).IsIdentifier();
        RuleFor(c => c.EffectiveFrom).IsLedgerTime(clock);
    }
}

public sealed class MapAccountHandler(CustomerLedger ledger) : CustomerCommandHandler<MapAccount>(ledger);
