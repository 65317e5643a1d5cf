using LedgerReconcile.Domain;

namespace LedgerReconcile.Application.Proposals;

/// <summary>
/// Which proposals (and blocked lines) a list or a bulk decision takes. Every part is optional; <see cref="Status"/>
/// is a proposal status or <c>Blocked</c>, and without it the open items show: pending, approved and blocked.
/// </summary>
/// <param name="MaxMoneyImpact">Only items whose |change × unit price| is at most this; an item without a price has no known impact and is left out.</param>
public sealed record ProposalFilter(
    string? CustomerKey = null,
    string? Service = null,
    string? SeatType = null,
    string? Psa = null,
    string? Status = null,
    decimal? MaxMoneyImpact = null);

/// <summary>One proposal, or one line that reconciliation blocked, with what a person needs to decide on it.</summary>
/// <param name="ProposalId">Null for a blocked line, which has no proposal to decide.</param>
/// <param name="MoneyImpact">(To − From) × the line's unit price per month; null when the line has no price.</param>
/// <param name="Assets">For a line blocked by assets waiting for a decision, which ones.</param>
/// <param name="Contributions">For a PSA line several organizations share, what each put on it, by customer key; empty otherwise.</param>
public sealed record ProposalItem(
    string CustomerKey,
    Guid? ProposalId,
    BillableService Service,
    string? SeatType,
    PsaKind? Psa,
    string PsaLineId,
    decimal From,
    decimal To,
    string Status,
    decimal? MoneyImpact,
    string? Currency,
    DateOnly? EffectiveDate,
    BlockReason? BlockedBecause,
    string? Detail,
    IReadOnlyList<AssetRef> Assets,
    IReadOnlyList<OrganizationContribution> Contributions);

public sealed record ListProposals(string Tenant, ProposalFilter Filter) : IQuery<IReadOnlyList<ProposalItem>>;

public sealed class ListProposalsValidator : AbstractValidator<ListProposals>
{
    public ListProposalsValidator()
    {
        RuleFor(q => q.Tenant).Must(StreamNames.IsValidTenant);
        RuleFor(q => q.Filter).NotNull().SetValidator(new ProposalFilterValidator());
    }
}

public sealed class ProposalFilterValidator : AbstractValidator<ProposalFilter>
{
    public const string Blocked = "Blocked";

    public ProposalFilterValidator()
    {
        RuleFor(f => f.CustomerKey).Must(k => k is null || CustomerKeys.IsValid(k)).WithMessage("A customer key is 'org-{organizationId}' or 'name-{normalised-name}'.");
        RuleFor(f => f.Service).IsOptionalOneOf<ProposalFilter, BillableService>();
        RuleFor(f => f.SeatType).NotEmpty().IsFreeText(100).When(f => f.SeatType is not null);
        RuleFor(f => f.Psa).IsOptionalOneOf<ProposalFilter, PsaKind>();
        RuleFor(f => f.Status)
            .Must(s => s is null or Blocked || EnumText.IsName<ProposalStatus>(s))
            .WithMessage($"'Status' is one of {string.Join(", ", Enum.GetNames<ProposalStatus>())} or {Blocked}.");
        RuleFor(f => f.MaxMoneyImpact).GreaterThanOrEqualTo(0);
    }
}

public sealed class ListProposalsHandler(ProposalFinder finder) : IQueryHandler<ListProposals, IReadOnlyList<ProposalItem>>
{
    public async ValueTask<IReadOnlyList<ProposalItem>> Handle(ListProposals query, CancellationToken cancellationToken) =>
        [.. (await finder.FindAsync(query.Tenant, query.Filter, cancellationToken)).Select(f => f.Item)];
}
