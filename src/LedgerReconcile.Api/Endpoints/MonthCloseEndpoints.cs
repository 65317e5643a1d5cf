using LedgerReconcile.Application;
using LedgerReconcile.Application.Periods;
using LedgerReconcile.Exports;
using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Api.Endpoints;

/// <param name="Month">The calendar month to close, yyyy-MM.</param>
/// <param name="CutOff">What the ledger knew by then is what is frozen; default now. Must come after the month's last day.</param>
/// <param name="OverrideReason">Close over the blockers, recorded with them; without it blockers stop the close.</param>
public sealed record CloseMonthRequest(string Month, DateTimeOffset? CutOff, string? OverrideReason);

public static class MonthCloseEndpoints
{
    public static IEndpointRouteBuilder MapMonthCloseEndpoints(this IEndpointRouteBuilder app)
    {
        var periods = app.MapGroup("/api/periods").WithTags("Month-end close")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        periods.MapPost("", CloseAsync)
            .Write(Policies.ManageBilling)
            .WithName("CloseMonth")
            .WithSummary("Close a month for the whole book")
            .WithDescription(
                "Checks the blockers first (assets needing a decision, unmapped organizations, open or blocked proposals, writes " +
                "without an outcome, write conflicts, failed or stale syncs). With blockers and no overrideReason nothing is closed: " +
                "409 with the blockers. Otherwise every customer's lines are frozen as events (Datto billable quantity as of the last " +
                "day as known at the cut-off, the PSA quantity at the cut-off, price and money) and the close is recorded with the " +
                "blockers it went over. A closed month is never reopened: what is learned later becomes adjustments automatically. " +
                "Sending the same request again (same Idempotency-Key) finishes an interrupted close. Role: finance.")
            .WithRequestExample(new CloseMonthRequest("2026-11", new DateTimeOffset(2026, 12, 3, 18, 0, 0, TimeSpan.Zero), null))
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem();

        periods.MapGet("/{month}/blockers", async (string month, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new GetMonthEndBlockers(http.User.Tenant(), month), ct)))
            .Read()
            .WithName("GetMonthEndBlockers")
            .WithSummary("What would stop a month from closing now")
            .WithDescription("The same check the close makes, without closing anything.")
            .ProducesValidationProblem();

        periods.MapGet("/{month}/export", ExportAsync)
            .Read()
            .WithName("ExportClosedMonth")
            .WithSummary("Export a month closed for the whole book")
            .WithDescription(
                "One row per customer and service line frozen by the close: the Datto billable quantity at the close and now " +
                "(after automatic adjustments), the PSA quantity at the cut-off, price, billed and billable amounts. format=csv " +
                "(default) or json, streamed as an attachment, as the other exports (ADR 24). A month not closed is a 404.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv", additionalContentTypes: ["application/json"])
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();

        periods.MapGet("", async (HttpContext http, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new ListClosedMonths(http.User.Tenant()), ct)))
            .Read()
            .WithName("ListClosedMonths")
            .WithSummary("The months closed for the whole book")
            .WithDescription("Each with its cut-off, who closed it and the reason given when it was closed over blockers.");
        return app;
    }

    private static async Task<ExportResult> ExportAsync(string month, string? format, HttpContext http, LedgerExports exports, IMediator mediator, CancellationToken ct)
    {
        var rules = new QueryRules();
        var parsed = ReportFilters.Format(rules, format);
        rules.Require(ClosingMonth.TryParse(month, out _), "month", "A month is written yyyy-MM, e.g. 2026-11.");
        rules.ThrowIfInvalid();
        var tenant = http.User.Tenant();
        if (!(await mediator.Send(new ListClosedMonths(tenant), ct)).Any(m => m.Month == month))
        {
            throw new ResourceNotFoundException($"Month {month} has not been closed for the whole book.");
        }

        return new ExportResult(exports.ClosedMonth(tenant, month), parsed);
    }

    private static async Task<Results<Ok<MonthClose>, ProblemHttpResult>> CloseAsync(CloseMonthRequest body, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var close = await mediator.Send(new CloseMonth(http.CommandContext(), body.Month, body.CutOff, body.OverrideReason), ct);
        return close.Closed
            ? TypedResults.Ok(close)
            : TypedResults.Problem(
                title: "The month has blockers.",
                detail: $"{close.Blockers.Count} blocker(s) stop {close.Month} from closing; settle them, or close over them with an overrideReason.",
                statusCode: StatusCodes.Status409Conflict,
                type: "period.blocked",
                extensions: new Dictionary<string, object?> { ["rule"] = "period.blocked", ["blockers"] = close.Blockers, ["correlationId"] = close.CorrelationId });
    }
}
