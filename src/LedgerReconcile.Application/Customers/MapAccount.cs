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
    public MapAccountValidator()
    {
        RuleFor(c => c.OrganizationId).GreaterThan(0);
        RuleFor(c => c.DattoOrganizationName).NotEmpty().MaximumLength(500);
        RuleFor(c => c.PsaKind).IsOneOf<MapAccount, PsaKind>();
        RuleFor(c => c.PsaCompanyId).IsIdentifier();
        RuleFor(c => c.PsaCompanyName).NotEmpty().MaximumLength(500);
        RuleFor(c => c.AgreementId).IsIdentifier();
    }
}

public sealed class MapAccountHandler(CustomerLedger ledger) : CustomerCommandHandler<MapAccount>(ledger);
