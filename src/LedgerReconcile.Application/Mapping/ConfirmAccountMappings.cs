using LedgerReconcile.Application.Proposals;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.Mapping;

/// <summary>
/// Confirms many account mappings in one request (typically suggestions a person checked). Each item is mapped on its
/// own customer stream under its own command id and the request's one correlation id; the PSA company name is read
/// from the PSA (never taken from the request), the agreement must be the company's, and the tenant's service
/// templates are then applied to the agreement's lines. An item that cannot be confirmed is refused with a code and
/// appends nothing; the others go ahead.
/// </summary>
public sealed record ConfirmAccountMappings(CommandContext Context, IReadOnlyList<AccountMappingConfirmation> Items)
    : ICommand<AccountMappingConfirmations>, ILedgerCommand, IUserCommand;

public sealed record AccountMappingConfirmation(string CustomerKey, string Psa, string CompanyId, string AgreementId, DateTimeOffset? EffectiveFrom);

/// <param name="Code">Why it was refused: <c>item.invalid</c>, <c>customer.unknown</c>, <c>psa.not_connected</c>,
/// <c>psa.unavailable</c>, <c>psa.company_unknown</c>, <c>psa.agreement_unknown</c> or a ledger rule such as
/// <c>account.already_mapped</c>.</param>
/// <param name="Templates">The service mappings the tenant's templates made (or left) on the agreement's lines.</param>
public sealed record AccountMappingResult(
    int Index,
    string? CustomerKey,
    ItemOutcome Outcome,
    IReadOnlyList<string> Appended,
    string? PsaCompanyName,
    string? Code,
    string? Detail,
    IReadOnlyList<TemplateApplication> Templates);

public sealed record AccountMappingConfirmations(string CorrelationId, int Applied, int Refused, IReadOnlyList<AccountMappingResult> Items);

public sealed class ConfirmAccountMappingsValidator : LedgerCommandValidator<ConfirmAccountMappings>
{
    public const int MaxItems = 500;

    public ConfirmAccountMappingsValidator()
    {
        RuleFor(c => c.Items).NotNull().Must(items => items is null || items.Count is > 0 and <= MaxItems).WithMessage($"'Items' holds 1 to {MaxItems} items.");
        RuleForEach(c => c.Items).NotNull();
    }
}

/// <summary>The shape of one item, checked per item so that one bad item refuses itself and not the whole request.</summary>
public sealed class AccountMappingConfirmationValidator : AbstractValidator<AccountMappingConfirmation>
{
    public AccountMappingConfirmationValidator(TimeProvider clock)
    {
        RuleFor(i => i.CustomerKey).Must(CustomerKeys.IsValid).WithMessage("A customer key is 'org-{organizationId}' or 'name-{normalised-name}'.");
        RuleFor(i => i.Psa).IsOneOf<AccountMappingConfirmation, PsaKind>();
        RuleFor(i => i.CompanyId).Must(PsaIds.IsValid).WithMessage(PsaIds.Grammar);
        RuleFor(i => i.AgreementId).Must(PsaIds.IsValid).WithMessage(PsaIds.Grammar);
        RuleFor(i => i.EffectiveFrom).IsLedgerTime(clock);
    }
}

public sealed class ConfirmAccountMappingsHandler(AccountMappingConfirmer confirmer, IValidator<AccountMappingConfirmation> itemRules)
    : ICommandHandler<ConfirmAccountMappings, AccountMappingConfirmations>
{
    public async ValueTask<AccountMappingConfirmations> Handle(ConfirmAccountMappings command, CancellationToken cancellationToken)
    {
        var companies = new PsaCompanyCache();
        var results = new List<AccountMappingResult>();
        foreach (var (item, index) in command.Items.Select((item, i) => (item, i)))
        {
            var context = command.Context with { CommandId = EventIds.Derive(command.Context.CommandId, index), ExpectedRevision = null };
            var shape = await itemRules.ValidateAsync(item, cancellationToken);
            results.Add(shape.IsValid
                ? await confirmer.ConfirmAsync(context, index, item, companies, cancellationToken)
                : AccountMappingConfirmer.Refused(index, item.CustomerKey, "item.invalid", string.Join(" ", shape.Errors.Select(e => e.ErrorMessage))));
        }

        return new AccountMappingConfirmations(
            command.Context.CorrelationId,
            results.Count(r => r.Outcome == ItemOutcome.Applied),
            results.Count(r => r.Outcome == ItemOutcome.Refused),
            results);
    }
}
