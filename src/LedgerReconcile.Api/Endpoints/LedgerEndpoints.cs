using LedgerReconcile.Domain;
using LedgerReconcile.EventStore;

namespace LedgerReconcile.Api.Endpoints;

/// <summary>
/// What a write did: the stream, its new revision (also the ETag) and the events appended. With none appended,
/// <see cref="Changed"/> is false and <see cref="Note"/> says why nothing changed (already so, or nothing to undo).
/// </summary>
public sealed record CommandAccepted(string Stream, long? Revision, IReadOnlyList<string> Appended, bool Changed, string? Note = null)
{
    public static CommandAccepted From(CommandResult result) =>
        result.Appended.Count > 0
            ? new(result.Stream, result.Revision, result.Appended, true)
            : new(result.Stream, result.Revision, result.Appended, false, $"Nothing changed. {result.Note ?? "The ledger already records this."}");

    public static CommandAccepted Example(string @event, long revision = 7) =>
        new("customer-demo-msp.org-4100", revision, [@event], true);
}

public static class LedgerEndpoints
{
    public const string CustomerRoute = "/api/customers/{customerKey}";

    /// <summary>Maps every area of the API; rules every endpoint shares apply to the root group.</summary>
    public static IEndpointRouteBuilder MapLedgerEndpoints(this IEndpointRouteBuilder root)
    {
        var app = root.MapGroup("").RequireQueryStringRules();
        app.MapSnapshotEndpoints();
        app.MapCustomerEndpoints();
        app.MapMappingEndpoints();
        app.MapMappingAssistantEndpoints();
        app.MapDecisionEndpoints();
        app.MapProposalEndpoints();
        app.MapReconciliationEndpoints();
        app.MapPeriodEndpoints();
        app.MapMonthCloseEndpoints();
        app.MapReportEndpoints();
        app.MapNewRevenueEndpoints();
        app.MapTenantEndpoints();
        app.MapScheduleEndpoints();
        app.MapAuditEndpoints();
        app.MapKeyEndpoints();
        app.MapIntegrationEndpoints();
        app.MapProjectionEndpoints();
        app.MapExportEndpoints();
        app.MapWebhookEndpoints();
        app.MapEvidencePackEndpoints();
        return root;
    }

    /// <summary>
    /// The routes of one customer. Every one of them first checks that the customer exists in the caller's tenant, so a
    /// key of one tenant can neither read nor write another tenant's customer and learns nothing about it (404).
    /// </summary>
    public static RouteGroupBuilder MapCustomerGroup(this IEndpointRouteBuilder app, string tag) =>
        app.MapGroup(CustomerRoute)
            .WithTags(tag)
            .AddEndpointFilter<CustomerInTenantFilter>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>
    /// Sends the command built on the request's <see cref="CommandContext"/> and answers with what it appended and the
    /// new ETag.
    /// </summary>
    public static async Task<Ok<CommandAccepted>> SendAsync(
        this HttpContext http,
        IMediator mediator,
        Func<CommandContext, ICommand<CommandResult>> command,
        CancellationToken ct)
    {
        var result = await mediator.Send(command(http.CommandContext()), ct);
        ETags.Set(http, result.Revision);
        return TypedResults.Ok(CommandAccepted.From(result));
    }

    /// <summary>Marks a write: its role, problems it can answer, its body limit.</summary>
    public static RouteHandlerBuilder Write(this RouteHandlerBuilder builder, string policy) =>
        builder.RequireAuthorization(policy)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithBodyLimit(RequestBodyLimit.Command);

    public static RouteHandlerBuilder Read(this RouteHandlerBuilder builder, string policy = Policies.Read) =>
        builder.RequireAuthorization(policy);
}

/// <summary>404 for a customer key that is not a customer of the caller's tenant (see <see cref="LedgerEndpoints.MapCustomerGroup"/>).</summary>
public sealed class CustomerInTenantFilter(IEventStore store) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var customerKey = http.GetRouteValue("customerKey") as string;
        if (!CustomerKeys.IsValid(customerKey)
            || await store.ReadStreamRevisionAsync(StreamNames.Customer(http.User.Tenant(), customerKey!), http.RequestAborted) is null)
        {
            throw new ResourceNotFoundException($"There is no customer '{customerKey}' in your tenant.");
        }

        return await next(context);
    }
}
