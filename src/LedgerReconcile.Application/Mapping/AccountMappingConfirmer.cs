using LedgerReconcile.Application.Proposals;
using LedgerReconcile.Domain;
using LedgerReconcile.EventStore;

namespace LedgerReconcile.Application.Mapping;

/// <summary>Confirms one item of <see cref="ConfirmAccountMappings"/>: checks it against the PSA, maps it, applies the templates.</summary>
public sealed class AccountMappingConfirmer(ITenantPsaDirectory psa, CustomerLedger customers, TenantLedger tenants, TimeProvider clock)
{
    public async Task<AccountMappingResult> ConfirmAsync(
        CommandContext context, int index, AccountMappingConfirmation item, PsaCompanyCache companies, CancellationToken cancellationToken)
    {
        var kind = EnumText.Parse<PsaKind>(item.Psa);
        var customer = await customers.LoadAsync(context.Tenant, item.CustomerKey, cancellationToken);
        if (customer.Revision is null)
        {
            return Refused(index, item.CustomerKey, "customer.unknown", $"There is no customer '{item.CustomerKey}' in your tenant.");
        }

        PsaCompanyEntry? company;
        try
        {
            company = (await companies.OfAsync(psa, context.Tenant, kind, cancellationToken)).GetValueOrDefault(item.CompanyId);
            if (company is null)
            {
                return Refused(index, item.CustomerKey, "psa.company_unknown", $"{kind} has no company {item.CompanyId}.");
            }

            var agreements = await psa.ListAgreementsAsync(context.Tenant, kind, item.CompanyId, cancellationToken);
            if (agreements.All(a => a.Id != item.AgreementId))
            {
                return Refused(index, item.CustomerKey, "psa.agreement_unknown", $"{kind} company {item.CompanyId} ({company.Name}) has no agreement {item.AgreementId}.");
            }
        }
        catch (PsaNotConnectedException notConnected)
        {
            return Refused(index, item.CustomerKey, "psa.not_connected", notConnected.Message);
        }
        catch (PsaUnavailableException unavailable)
        {
            return Refused(index, item.CustomerKey, "psa.unavailable", unavailable.Message);
        }

        var state = customer.State;
        var organizationName = state.DattoOrganizationName ?? state.Usage?.Content.OrganizationName ?? item.CustomerKey;
        CommandResult mapped;
        try
        {
            mapped = await customers.DecideAsync(
                new MappingItem(context),
                item.CustomerKey,
                now => new CustomerCommand.MapAccount(null, organizationName, kind, item.CompanyId, company.Name, item.AgreementId, item.EffectiveFrom, context.Actor, now),
                cancellationToken);
        }
        catch (RuleViolationException violation)
        {
            return Refused(index, item.CustomerKey, violation.Rule, violation.Message);
        }
        catch (WrongExpectedRevisionException)
        {
            return Refused(index, item.CustomerKey, "concurrency.conflict", "The customer's ledger changed while mapping; confirm this item again.");
        }

        var (templates, templateProblem) = await ApplyTemplatesAsync(context, item, kind, cancellationToken);
        return new AccountMappingResult(
            index,
            item.CustomerKey,
            mapped.Appended.Count > 0 ? ItemOutcome.Applied : ItemOutcome.NoOp,
            mapped.Appended,
            company.Name,
            null,
            templateProblem ?? mapped.Note,
            templates);
    }

    public static AccountMappingResult Refused(int index, string? customerKey, string code, string detail) =>
        new(index, customerKey, ItemOutcome.Refused, [], null, code, detail, []);

    // The account mapping stands even when the lines cannot be read now: the next PSA read applies the templates.
    private async Task<(IReadOnlyList<TemplateApplication> Lines, string? Problem)> ApplyTemplatesAsync(
        CommandContext context, AccountMappingConfirmation item, PsaKind kind, CancellationToken cancellationToken)
    {
        IReadOnlyList<PsaLineEntry> lines;
        try
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            lines = await psa.ListAgreementLinesAsync(context.Tenant, kind, item.CompanyId, item.AgreementId, today, cancellationToken);
        }
        catch (Exception failure) when (failure is PsaUnavailableException or PsaNotConnectedException or ResourceNotFoundException)
        {
            return ([], "Mapped; the service templates were not applied because the agreement's lines could not be read: " + failure.Message);
        }

        var templateContext = context with { CommandId = EventIds.Derive(context.CommandId, 1) };
        var applied = await new ApplyServiceTemplatesHandler(tenants, customers).Handle(
            new ApplyServiceTemplates(templateContext, item.CustomerKey, [.. lines.Select(l => new AgreementLineSeen(l.LineRef, l.ProductId, l.UnitPrice))], item.EffectiveFrom),
            cancellationToken);
        return (applied.Lines, null);
    }

    private sealed record MappingItem(CommandContext Context) : IUserCommand;
}

/// <summary>A PSA's companies by id, read once per request and PSA however many items name it.</summary>
public sealed class PsaCompanyCache
{
    private readonly Dictionary<PsaKind, IReadOnlyDictionary<string, PsaCompanyEntry>> _companies = [];

    public async Task<IReadOnlyDictionary<string, PsaCompanyEntry>> OfAsync(ITenantPsaDirectory psa, string tenant, PsaKind kind, CancellationToken cancellationToken)
    {
        if (!_companies.TryGetValue(kind, out var companies))
        {
            _companies[kind] = companies = (await psa.SearchCompaniesAsync(tenant, kind, null, cancellationToken)).ToDictionary(c => c.Id, StringComparer.Ordinal);
        }

        return companies;
    }
}
