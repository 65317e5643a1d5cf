namespace LedgerReconcile.Api.Endpoints;

public sealed record ClosePeriodRequest(string PeriodId, DateOnly? PeriodStart, DateOnly? PeriodEnd, IReadOnlyList<InvoicedLine>? Lines);

public sealed record AdjustPeriodRequest(string Service, string? SeatType, decimal? Quantity, string Cause);

public sealed record CorrectPeriodRequest(DateOnly? PeriodStart, DateOnly? PeriodEnd, string Reason);

public static class PeriodEndpoints
{
    public static IEndpointRouteBuilder MapPeriodEndpoints(this IEndpointRouteBuilder app)
    {
        var customer = app.MapCustomerGroup("Billing periods");

        customer.MapPost("/periods", (string customerKey, ClosePeriodRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                http.SendAsync(m, c => new CloseBillingPeriod(c, customerKey, body.PeriodId, body.PeriodStart, body.PeriodEnd, body.Lines ?? []), ct))
            .Write(Policies.ManageBilling)
            .WithName("CloseBillingPeriod")
            .WithSummary("Close a billing period")
            .WithDescription("Freezes the quantities that went on the invoice for the period. Later corrections show as adjustments against it, with their cause. Role: finance.")
            .WithRequestExample(new ClosePeriodRequest("2026-10", new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31),
                [new InvoicedLine("PerAgent", null, "cw:19300:802:40101", 6, new PriceInput(45m, "USD"))]))
            .WithResponseExample(CommandAccepted.Example("customer.billing_period_closed.v1"));

        customer.MapPost("/periods/{periodId}/adjustments", (string customerKey, string periodId, AdjustPeriodRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                http.SendAsync(m, c => new AdjustClosedPeriod(c, customerKey, periodId, body.Service, body.SeatType, body.Quantity, body.Cause), ct))
            .Write(Policies.ManageBilling)
            .WithName("AdjustBillingPeriod")
            .WithSummary("Adjust a closed billing period")
            .WithDescription("Records a corrected quantity for one line of a closed period, with its cause; the closing itself stays as it was. Role: finance.")
            .WithRequestExample(new AdjustPeriodRequest("PerAgent", null, 7, "Late snapshot: agent SQL02 was protected from Oct 28"))
            .WithResponseExample(CommandAccepted.Example("customer.billing_period_adjusted.v1"));

        customer.MapPost("/periods/{periodId}/corrections", (string customerKey, string periodId, CorrectPeriodRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                http.SendAsync(m, c => new CorrectBillingPeriod(c, customerKey, periodId, body.PeriodStart, body.PeriodEnd, body.Reason), ct))
            .Write(Policies.ManageBilling)
            .WithName("CorrectBillingPeriod")
            .WithSummary("Correct the dates of a closed billing period")
            .WithDescription(
                "Records corrected start and end dates for a closed period, e.g. one closed with an end in 9999 by a typo, which " +
                "would otherwise block every later close. The close stays recorded as it was; the correction is a new event " +
                "with its reason. The corrected period may not overlap another closed period. Role: finance.")
            .WithRequestExample(new CorrectPeriodRequest(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), "End date typed as 9999-10-31"))
            .WithResponseExample(CommandAccepted.Example("customer.billing_period_corrected.v1"));
        return app;
    }
}
