using LedgerReconcile.Application.Proposals;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.Mapping;

/// <summary>
/// Maps every line of the customer's mapped agreement whose product has a template of the tenant (same PSA) and that
/// is not mapped yet: the bulk confirmation runs it right after mapping an account, the PSA read sync after every read
/// of a mapped agreement, so an agreement mapped later, or a product added to it later, is mapped too. A line already
/// mapped, or a service already mapped to another line, is left as it is: a person's mapping always wins.
/// </summary>
/// <param name="Lines">The agreement's lines as just read from the PSA.</param>
/// <param name="EffectiveFrom">From when the mappings apply; default now.</param>
public sealed record ApplyServiceTemplates(
    CommandContext Context,
    string CustomerKey,
    IReadOnlyList<AgreementLineSeen> Lines,
    DateTimeOffset? EffectiveFrom = null) : ICommand<ServiceTemplateApplications>, ICustomerCommand, ISystemCommand;

/// <param name="UnitPrice">What the line invoices per unit; the mapping records it in the template's currency.</param>
public sealed record AgreementLineSeen(string LineRef, string? ProductId, decimal UnitPrice);

/// <summary>One entry per line whose product has a template.</summary>
public sealed record ServiceTemplateApplications(string CustomerKey, IReadOnlyList<TemplateApplication> Lines);

public sealed record TemplateApplication(
    string LineRef,
    string ProductId,
    string Service,
    string? SeatType,
    ItemOutcome Outcome,
    IReadOnlyList<string> Appended,
    string? Code,
    string? Detail);

public sealed class ApplyServiceTemplatesValidator : CustomerCommandValidator<ApplyServiceTemplates>
{
    public ApplyServiceTemplatesValidator(TimeProvider clock)
    {
        RuleFor(c => c.Lines).NotNull();
        RuleForEach(c => c.Lines).ChildRules(line =>
        {
            line.RuleFor(l => l.LineRef).IsIdentifier(IdKind.PsaLine);
            line.RuleFor(l => l.ProductId).IsFreeText(LedgerRules.NameLength);
        });
        RuleFor(c => c.EffectiveFrom).IsLedgerTime(clock);
    }
}

public sealed class ApplyServiceTemplatesHandler(TenantLedger tenants, CustomerLedger customers)
    : ICommandHandler<ApplyServiceTemplates, ServiceTemplateApplications>
{
    public async ValueTask<ServiceTemplateApplications> Handle(ApplyServiceTemplates command, CancellationToken cancellationToken)
    {
        var context = command.Context;
        var templates = (await tenants.LoadAsync(context.Tenant, cancellationToken)).State.Templates;
        var customer = (await customers.LoadAsync(context.Tenant, command.CustomerKey, cancellationToken)).State;
        if (customer.Account is not { } account || templates.IsEmpty)
        {
            return new ServiceTemplateApplications(command.CustomerKey, []);
        }

        var results = new List<TemplateApplication>();
        var candidates = command.Lines
            .Where(l => l.ProductId is not null)
            .Select(l => (Line: l, Template: templates.GetValueOrDefault(new ServiceTemplateKey(account.PsaKind, l.ProductId!))))
            .Where(c => c.Template is not null)
            .OrderBy(c => c.Line.LineRef, StringComparer.Ordinal)
            .ToList();
        foreach (var ((line, template), index) in candidates.Select((c, i) => (c, i)))
        {
            var item = new TemplateItem(context with { CommandId = EventIds.Derive(context.CommandId, index), ExpectedRevision = null });
            results.Add(await ApplyAsync(item, command, line, template!, cancellationToken));
        }

        return new ServiceTemplateApplications(command.CustomerKey, results);
    }

    private async Task<TemplateApplication> ApplyAsync(
        TemplateItem item, ApplyServiceTemplates command, AgreementLineSeen line, ServiceTemplate template, CancellationToken cancellationToken)
    {
        var state = (await customers.LoadAsync(item.Context.Tenant, command.CustomerKey, cancellationToken)).State;
        TemplateApplication Outcome(ItemOutcome outcome, IReadOnlyList<string> appended, string? code, string? detail) =>
            new(line.LineRef, line.ProductId!, template.Line.Service.ToString(), template.Line.SeatType, outcome, appended, code, detail);

        if (state.Services.Values.FirstOrDefault(m => m.PsaLineId == line.LineRef) is { } lineMapping)
        {
            return Outcome(ItemOutcome.NoOp, [], null, $"The line is already mapped to {lineMapping.Line}.");
        }

        if (state.Services.TryGetValue(template.Line, out var serviceMapping))
        {
            return Outcome(
                ItemOutcome.Refused,
                [],
                "service_template.service_mapped_elsewhere",
                $"{template.Line} is already mapped to line {serviceMapping.PsaLineId}; a person decides which line bills it.");
        }

        var price = template.UnitPrice is { } templatePrice ? new Money(line.UnitPrice, templatePrice.Currency) : null;
        try
        {
            var result = await customers.DecideAsync(
                item,
                command.CustomerKey,
                now => new CustomerCommand.MapService(template.Line, line.LineRef, template.UnitRule, price, command.EffectiveFrom, item.Context.Actor, now),
                cancellationToken);
            return Outcome(result.Appended.Count > 0 ? ItemOutcome.Applied : ItemOutcome.NoOp, result.Appended, null, result.Note);
        }
        catch (RuleViolationException violation)
        {
            return Outcome(ItemOutcome.Refused, [], violation.Rule, violation.Message);
        }
    }

    private sealed record TemplateItem(CommandContext Context) : ISystemCommand;
}
