namespace LedgerReconcile.Api.Endpoints;

public sealed record MapAccountRequest(
    long? OrganizationId,
    string DattoOrganizationName,
    string PsaKind,
    string PsaCompanyId,
    string PsaCompanyName,
    string AgreementId,
    DateTimeOffset? EffectiveFrom);

public sealed record UnmapRequest(string Reason, DateTimeOffset? EffectiveFrom);

public sealed record MapServiceRequest(
    string? SeatType,
    string PsaLineId,
    UnitRuleInput UnitRule,
    PriceInput? UnitPrice,
    DateTimeOffset? EffectiveFrom);

public sealed record UnmapServiceRequest(string? SeatType, string Reason, DateTimeOffset? EffectiveFrom);

public static class MappingEndpoints
{
    public static IEndpointRouteBuilder MapMappingEndpoints(this IEndpointRouteBuilder app)
    {
        var customer = app.MapCustomerGroup("Mappings");

        customer.MapPut("/account", MapAccountAsync)
            .Write(Policies.ManageBilling)
            .WithName("MapAccount")
            .WithSummary("Map the customer to a PSA company and agreement")
            .WithDescription(
                "Maps the Datto organization to a PSA company and agreement/contract, keyed on ids (names drift and are " +
                "only recorded). Several organizations may map to one PSA company. Send If-Match with the customer's ETag. Role: finance.")
            .WithRequestExample(new MapAccountRequest(4100, "Harbor Dental 0001 LLC", "ConnectWise", "19300", "Harbor Dental", "801", null))
            .WithResponseExample(CommandAccepted.Example("customer.account_mapped.v1"));

        customer.MapPost("/account/unmap", UnmapAccountAsync)
            .Write(Policies.ManageBilling)
            .WithName("UnmapAccount")
            .WithSummary("Remove the customer's account mapping")
            .WithDescription("Ends the mapping from the effective date (default now), with a reason. Role: finance.")
            .WithRequestExample(new UnmapRequest("Customer moved to a new agreement", null))
            .WithResponseExample(CommandAccepted.Example("customer.account_unmapped.v1"));

        customer.MapPut("/services/{service}", MapServiceAsync)
            .Write(Policies.ManageBilling)
            .WithName("MapService")
            .WithSummary("Map a Datto service to a PSA line with its unit rule")
            .WithDescription(
                "service is PerDevice, PerAgent, NasShares, OffsiteStorage, SaasSeats or EndpointBackup (SaasSeats may be " +
                "narrowed to one seatType). The unit rule turns raw usage into the PSA quantity: unit (Each, Gigabyte, " +
                "Terabyte), base 1000 or 1024, rounding Up/Nearest/Down to a step, an included allowance and a minimum. " +
                "Mapping again replaces the rule from its effective date. Role: finance.")
            .WithRequestExample(new MapServiceRequest(null, "cw:19300:802:40103", new UnitRuleInput("Terabyte", 1024, "Up", 0.5m, 1m, 0m), new PriceInput(20m, "USD"), null))
            .WithResponseExample(CommandAccepted.Example("customer.service_mapped.v1"));

        customer.MapPost("/services/{service}/unmap", UnmapServiceAsync)
            .Write(Policies.ManageBilling)
            .WithName("UnmapService")
            .WithSummary("Remove a service mapping")
            .WithDescription("Ends the mapping of one service (or one SaaS seat type) to its PSA line, with a reason. Role: finance.")
            .WithRequestExample(new UnmapServiceRequest(null, "Storage now billed in the bundle", null))
            .WithResponseExample(CommandAccepted.Example("customer.service_unmapped.v1"));
        return app;
    }

    private static Task<Ok<CommandAccepted>> MapAccountAsync(string customerKey, MapAccountRequest body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        http.SendAsync(mediator, c => new MapAccount(c, customerKey, body.OrganizationId, body.DattoOrganizationName, body.PsaKind, body.PsaCompanyId, body.PsaCompanyName,
            body.AgreementId, body.EffectiveFrom), ct);

    private static Task<Ok<CommandAccepted>> UnmapAccountAsync(string customerKey, UnmapRequest body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        http.SendAsync(mediator, c => new UnmapAccount(c, customerKey, body.Reason, body.EffectiveFrom), ct);

    private static Task<Ok<CommandAccepted>> MapServiceAsync(
        string customerKey, string service, MapServiceRequest body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        http.SendAsync(mediator, c => new MapService(c, customerKey, service, body.SeatType, body.PsaLineId, body.UnitRule, body.UnitPrice, body.EffectiveFrom), ct);

    private static Task<Ok<CommandAccepted>> UnmapServiceAsync(
        string customerKey, string service, UnmapServiceRequest body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        http.SendAsync(mediator, c => new UnmapService(c, customerKey, service, body.SeatType, body.Reason, body.EffectiveFrom), ct);
}
