using LedgerReconcile.Application.Mapping;
using LedgerReconcile.Application.Proposals;

namespace LedgerReconcile.Api.Endpoints;

public sealed record ConfirmMappingsRequest(IReadOnlyList<AccountMappingConfirmation> Items);

public sealed record ServiceTemplateRequest(string Service, string? SeatType, UnitRuleInput UnitRule, PriceInput? UnitPrice);

/// <summary>
/// The mapping assistant: browse the tenant's PSA through its stored connection, suggestions of Datto organization →
/// PSA company, bulk confirmation, and the tenant's service templates. Nobody types a line reference by hand.
/// </summary>
public static class MappingAssistantEndpoints
{
    public static IEndpointRouteBuilder MapMappingAssistantEndpoints(this IEndpointRouteBuilder app)
    {
        MapPsaBrowsing(app);
        MapSuggestions(app);
        MapTemplates(app);
        return app;
    }

    private static void MapPsaBrowsing(IEndpointRouteBuilder app)
    {
        var psa = app.MapGroup("/api/psa/{psa}/companies").WithTags("Mapping assistant")
            .RequireAuthorization(Policies.BrowsePsa)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        const string failures = " psa is ConnectWise, Autotask, HaloPsa or Syncro. No stored credentials for that PSA: 409; the PSA " +
                                "refusing the credentials or answering nonsense: 502; the PSA down or busy: 503, each with the reason. Roles: finance, admin.";

        psa.MapGet("", (string psa, string? search, HttpContext http, IMediator m, CancellationToken ct) => SendAsync(m, new SearchPsaCompanies(http.User.Tenant(), psa, search), ct))
            .WithName("SearchPsaCompanies")
            .WithSummary("Search the PSA's companies")
            .WithDescription("The companies (ConnectWise companies, Autotask companies, Halo clients, Syncro customers) whose name contains search (all when absent), read live through the tenant's connection, with id, name and whether active." + failures);

        psa.MapGet("/{companyId}/agreements", (string psa, string companyId, HttpContext http, IMediator m, CancellationToken ct) =>
                SendAsync(m, new ListPsaAgreements(http.User.Tenant(), psa, companyId), ct))
            .WithName("ListPsaAgreements")
            .WithSummary("A PSA company's agreements")
            .WithDescription("The company's agreements/contracts (Halo recurring invoices, Syncro invoice schedules), active first, with type, status and dates. A company id the PSA does not know has no agreements." + failures);

        psa.MapGet("/{companyId}/agreements/{agreementId}/lines", (string psa, string companyId, string agreementId, HttpContext http, IMediator m, CancellationToken ct) =>
                SendAsync(m, new ListPsaAgreementLines(http.User.Tenant(), psa, companyId, agreementId), ct))
            .WithName("ListPsaAgreementLines")
            .WithSummary("An agreement's recurring lines, each with the line reference to map")
            .WithDescription(
                "Every recurring line of the agreement as the PSA shows it today: lineRef (give it as psaLineId to MapService), productId, " +
                "description, quantity, unit price, whether billed and its status. An agreement that does not exist or is not the company's: 404." + failures)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static void MapSuggestions(IEndpointRouteBuilder app)
    {
        var mapping = app.MapGroup("/api/mapping").WithTags("Mapping assistant")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        mapping.MapGet("/suggestions", (string? psa, HttpContext http, IMediator m, CancellationToken ct) => SendAsync(m, new SuggestAccountMappings(http.User.Tenant(), psa ?? ""), ct))
            .Read(Policies.BrowsePsa)
            .WithName("SuggestAccountMappings")
            .WithSummary("Suggest PSA companies for every unmapped Datto organization")
            .WithDescription(
                "Every Datto organization with usage and no account mapping, with up to 3 companies of the PSA named by ?psa= whose names are alike, " +
                "best first. The score runs from 0 to 1: names are folded (case, accents, punctuation, legal suffixes such as Inc, LLC, GmbH, Ltd; " +
                "'&' read as 'and'), then half word overlap (Jaccard) and half Jaro-Winkler spelling similarity; candidates under 0.5 are not shown. " +
                "An organization with no candidate is still listed. 409/502/503 as when browsing the PSA. Roles: finance, admin.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithResponseExample(new AccountMappingSuggestions("ConnectWise", 1,
                [new AccountMappingSuggestion("org-4100", 4100, "Harbor Dental, LLC", [new CompanyCandidate("19300", "Harbor Dental", true, 1, "Same name once case, accents, punctuation and legal suffixes are ignored.")])]));

        mapping.MapPost("/confirm", (ConfirmMappingsRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                SendAsync(m, new ConfirmAccountMappings(http.CommandContext(), body.Items), ct))
            .Write(Policies.ManageBilling)
            .WithName("ConfirmAccountMappings")
            .WithSummary("Map many customers to PSA companies and agreements at once")
            .WithDescription(
                "Each item names a customer, the PSA, the company and the agreement (and optionally effectiveFrom). The company name is read from the " +
                "PSA, the agreement must be the company's, and the tenant's service templates then map the agreement's lines. Every item gets its own " +
                "result: Applied, NoOp or Refused with a code (item.invalid, customer.unknown, psa.not_connected, psa.unavailable, psa.company_unknown, " +
                "psa.agreement_unknown, account.already_mapped...) and nothing appended for it; one correlation id is recorded on every event appended. Role: finance.")
            .WithRequestExample(new ConfirmMappingsRequest([new AccountMappingConfirmation("org-4100", "ConnectWise", "19300", "801", null)]))
            .WithResponseExample(new AccountMappingConfirmations("0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1c", 1, 0,
                [new AccountMappingResult(0, "org-4100", ItemOutcome.Applied, ["customer.account_mapped.v1"], "Harbor Dental", null, null,
                    [new TemplateApplication("cw:19300:801:40001", "4017", "PerAgent", null, ItemOutcome.Applied, ["customer.service_mapped.v1"], null, null)])]));
    }

    private static void MapTemplates(IEndpointRouteBuilder app)
    {
        var templates = app.MapGroup("/api/tenant/service-templates").WithTags("Mapping assistant")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        templates.MapGet("", (string? psa, HttpContext http, IMediator m, CancellationToken ct) => SendAsync(m, new ListServiceTemplates(http.User.Tenant(), psa), ct))
            .Read()
            .WithName("ListServiceTemplates")
            .WithSummary("The tenant's service templates")
            .WithDescription("Every PSA product the tenant mapped to a Datto service, with its unit rule and price; ?psa= keeps one PSA.")
            .ProducesValidationProblem();

        templates.MapPut("/{psa}/{productId}", (string psa, string productId, ServiceTemplateRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                http.SendAsync(m, c => new SetServiceTemplate(c, psa, productId, body.Service, body.SeatType, body.UnitRule, body.UnitPrice), ct))
            .Write(Policies.ManageIntegrations)
            .WithName("SetServiceTemplate")
            .WithSummary("Map a PSA product to a Datto service for every agreement")
            .WithDescription(
                "productId is the PSA's numeric catalog item (ConnectWise), service (Autotask), item (Halo) or product (Syncro) id; it may be set before " +
                "any agreement carries the product, so only its form is checked. Every line carrying the product on a mapped agreement is then mapped " +
                "to the service with the unit rule (on bulk confirmation and on every PSA read); a line or service mapped by a person is left alone. " +
                "When a price is given, a mapped line records its own unit price in that currency, and the amount prices new revenue. Role: admin.")
            .WithRequestExample(new ServiceTemplateRequest("OffsiteStorage", null, new UnitRuleInput("Terabyte", 1024, "Up", 0.5m, 1m, 0m), new PriceInput(20m, "USD")))
            .WithResponseExample(new CommandAccepted("tenant-demo-msp", 4, ["tenant.service_template_set.v1"], true));

        templates.MapDelete("/{psa}/{productId}", (string psa, string productId, string? reason, HttpContext http, IMediator m, CancellationToken ct) =>
                http.SendAsync(m, c => new RemoveServiceTemplate(c, psa, productId, reason ?? ""), ct))
            .Write(Policies.ManageIntegrations)
            .WithName("DeleteServiceTemplate")
            .WithSummary("Delete the service template of a PSA product")
            .WithDescription("Lines are no longer mapped by this template; the mappings it made stay. Give why as ?reason=. An unknown template is 404. Role: admin.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<T>> SendAsync<T>(IMediator mediator, IQuery<T> query, CancellationToken ct) => TypedResults.Ok(await mediator.Send(query, ct));

    private static async Task<Ok<T>> SendAsync<T>(IMediator mediator, ICommand<T> command, CancellationToken ct) => TypedResults.Ok(await mediator.Send(command, ct));
}
