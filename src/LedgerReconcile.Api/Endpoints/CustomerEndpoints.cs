using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.EventStore;
using LedgerReconcile.Projections.Billing;

namespace LedgerReconcile.Api.Endpoints;

/// <summary>What was billable at valid time <see cref="AsOf"/> as the ledger knew it at <see cref="KnownAt"/>.</summary>
public sealed record BillableState(
    string CustomerKey,
    DateTimeOffset AsOf,
    DateTimeOffset KnownAt,
    string? SnapshotId,
    DateTimeOffset? UsageObservedAt,
    IReadOnlyList<Domain.Customers.PolicyInForce> Policies,
    IReadOnlyList<BillableServiceState> Services)
{
    public static BillableState From(string customerKey, DateTimeOffset asOf, DateTimeOffset knownAt, BillableUsage usage) => new(
        customerKey,
        asOf,
        knownAt,
        usage.SnapshotId,
        usage.UsageObservedAt,
        usage.Policies,
        usage.Services.Select(s => new BillableServiceState(
            s.Line.ToString(), s.Line.Service, s.Line.SeatType, s.UnitRule, s.Mapping?.PsaLineId, s.RawAmount, s.Quantity, s.Counted, s.Ignored, s.NeedsDecision)).ToList());
}

/// <param name="RawAmount">Items, or bytes for storage, before the unit rule.</param>
/// <param name="Quantity">What the PSA line should say.</param>
public sealed record BillableServiceState(
    string Service,
    BillableService Kind,
    string? SeatType,
    UnitRule UnitRule,
    string? PsaLineId,
    decimal RawAmount,
    decimal Quantity,
    IReadOnlyList<AssetOutcome> Counted,
    IReadOnlyList<AssetOutcome> Ignored,
    IReadOnlyList<AssetOutcome> NeedsDecision);

/// <summary>A page of a customer's audit history; pass <see cref="NextAfter"/> as <c>after</c> for the next page.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long NextAfter, bool More);

public static class CustomerEndpoints
{
    private const int HistoryScanBatch = 500;

    public static IEndpointRouteBuilder MapCustomerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/customers", ListAsync)
            .Read()
            .WithTags("Customers")
            .WithName("ListCustomers")
            .WithSummary("List the tenant's customers")
            .WithDescription("Every customer (Datto organization) of your tenant at a glance, the most money at stake first. From the billing read model.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        var customer = app.MapCustomerGroup("Customers");
        customer.MapGet("", GetAsync)
            .Read()
            .WithName("GetCustomer")
            .WithSummary("Read a customer's ledger")
            .WithDescription(
                "The customer's ledger folded to now: account and service mappings, ignore/include decisions, policy " +
                "overrides, PSA quantities seen, proposals, writes, closed periods and drift. The ETag is the stream " +
                "revision: send it back as If-Match on a write to refuse it (412) if someone changed the customer meanwhile.");

        customer.MapGet("/billable", BillableAsync)
            .Read()
            .WithName("GetBillableState")
            .WithSummary("What is billable, at a point in time")
            .WithDescription(
                "Billable quantities per service with every asset counted, ignored or waiting for a decision, and why. " +
                "asOf is valid time (what was true then), knownAt is record time (what the ledger knew then): " +
                "'what was billable on Oct 31 as we knew it on Nov 3' is asOf=2026-10-31T23:59:59Z&knownAt=2026-11-03T23:59:59Z. " +
                "Both default to now. Folded from the events, so always current.");

        customer.MapGet("/lines", LinesAsync)
            .Read()
            .WithName("GetBillingLines")
            .WithSummary("Datto against PSA, per service line")
            .WithDescription("Each service line's Datto quantity, the PSA quantity last seen, the difference, its money impact and status. From the billing read model.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        customer.MapGet("/explain", ExplainAsync)
            .Read()
            .WithName("ExplainQuantityChange")
            .WithSummary("Explain why a quantity changed")
            .WithDescription(
                "How one service's billable quantity moved between two valid times (from, to), as known at knownAt " +
                "(default now), with each event that moved it as a sentence: who, when, why, and whether it was recorded late.")
            .ProducesValidationProblem();

        customer.MapGet("/history", HistoryAsync)
            .Read()
            .WithName("GetAuditHistory")
            .WithSummary("A customer's audit history")
            .WithDescription(
                "Every event of the customer as a readable entry (what, who, valid and record time, why, quantities changed), " +
                "oldest first. Page with after=nextAfter. Filter by kind (stored event names or parts, comma separated, e.g. " +
                "'asset_ignored,quantity_change_approved') and by record time (recordedFrom/recordedTo) or valid time (validFrom/validTo).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        customer.MapGet("/periods", PeriodsAsync)
            .Read()
            .WithName("ListInvoicedPeriods")
            .WithSummary("Closed billing periods")
            .WithDescription("What went on each closed period's invoice, what it is after adjustments, and every correction recorded after closing.");

        customer.MapGet("/periods/{periodId}", PeriodAsync)
            .Read()
            .WithName("GetInvoicedPeriod")
            .WithSummary("One closed billing period")
            .WithDescription("The invoice view of one closed period: invoiced lines, current lines and corrections with their cause.");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<CustomerSummary>>> ListAsync(
        HttpContext http, BillingQueries billing, int? offset, int? limit, CancellationToken ct)
    {
        var rules = new QueryRules().Require(offset is null or >= 0, "offset", "'offset' cannot be negative.");
        var take = rules.Limit(limit, 100, 1000);
        rules.ThrowIfInvalid();
        return TypedResults.Ok(await billing.ListCustomersAsync(http.User.Tenant(), offset ?? 0, take, ct));
    }

    private static async Task<Ok<CustomerView>> GetAsync(string customerKey, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var loaded = await mediator.Send(new GetCustomerLedger(http.User.Tenant(), customerKey), ct);
        ETags.Set(http, loaded.Revision);
        return TypedResults.Ok(CustomerView.From(customerKey, loaded));
    }

    private static async Task<Ok<BillableState>> BillableAsync(
        string customerKey, HttpContext http, IMediator mediator, TimeProvider clock, IEventStore store,
        DateTimeOffset? asOf, DateTimeOffset? knownAt, CancellationToken ct)
    {
        var tenant = http.User.Tenant();
        if (asOf is null && knownAt is null)
        {
            ETags.Set(http, await store.ReadStreamRevisionAsync(StreamNames.Customer(tenant, customerKey), ct));
        }

        var now = clock.GetUtcNow();
        var usage = await mediator.Send(new GetBillableQuantities(tenant, customerKey, asOf ?? now, knownAt ?? now), ct);
        return TypedResults.Ok(BillableState.From(customerKey, asOf ?? now, knownAt ?? now, usage));
    }

    private static async Task<Ok<IReadOnlyList<BillableLine>>> LinesAsync(string customerKey, HttpContext http, BillingQueries billing, CancellationToken ct) =>
        TypedResults.Ok(await billing.GetBillableStateAsync(http.User.Tenant(), customerKey, ct));

    private static async Task<Ok<QuantityExplanation>> ExplainAsync(
        string customerKey, HttpContext http, BillingTimeTravel timeTravel,
        string? service, string? seatType, DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset? knownAt, CancellationToken ct)
    {
        var rules = new QueryRules();
        var kind = rules.Enum<BillableService>(service, "service", required: true);
        rules.Require(from is not null, "from", "'from' (valid time where the comparison starts) is required.")
            .Require(to is not null, "to", "'to' (valid time where the comparison ends) is required.")
            .Require(from is null || to is null || from < to, "to", "'to' must be after 'from'.")
            .ThrowIfInvalid();
        return TypedResults.Ok(await timeTravel.ExplainAsync(
            http.User.Tenant(), customerKey, new ServiceLine(kind!.Value, seatType), from!.Value, to!.Value, knownAt, ct));
    }

    private static async Task<Ok<AuditPage>> HistoryAsync(
        string customerKey, HttpContext http, BillingQueries billing,
        long? after, int? limit, string? kind,
        DateTimeOffset? recordedFrom, DateTimeOffset? recordedTo, DateTimeOffset? validFrom, DateTimeOffset? validTo,
        CancellationToken ct)
    {
        var rules = new QueryRules().Require(after is null or >= 0, "after", "'after' is a position of 0 or more.");
        var take = rules.Limit(limit, 100, 1000);
        rules.ThrowIfInvalid();

        var filter = new AuditHistoryFilter(AuditHistoryFilter.KindsFrom(kind), recordedFrom, recordedTo, validFrom, validTo);

        // Filters apply before paging: scan until a page is full or the history ends.
        var tenant = http.User.Tenant();
        var cursor = after ?? 0;
        var page = new List<AuditEntry>();
        while (true)
        {
            var batch = await billing.GetAuditHistoryAsync(tenant, customerKey, cursor, HistoryScanBatch, ct);
            foreach (var entry in batch)
            {
                cursor = entry.Position;
                if (filter.Matches(entry))
                {
                    page.Add(entry);
                    if (page.Count == take)
                    {
                        var more = batch[^1].Position > cursor || (await billing.GetAuditHistoryAsync(tenant, customerKey, cursor, 1, ct)).Count > 0;
                        return TypedResults.Ok(new AuditPage(page, cursor, more));
                    }
                }
            }

            if (batch.Count < HistoryScanBatch)
            {
                return TypedResults.Ok(new AuditPage(page, cursor, false));
            }
        }
    }

    private static async Task<Ok<IReadOnlyList<InvoiceView>>> PeriodsAsync(string customerKey, HttpContext http, BillingQueries billing, CancellationToken ct) =>
        TypedResults.Ok(await billing.ListInvoicesAsync(http.User.Tenant(), customerKey, ct));

    private static async Task<Ok<InvoiceView>> PeriodAsync(string customerKey, string periodId, HttpContext http, BillingQueries billing, CancellationToken ct) =>
        TypedResults.Ok(await billing.GetInvoiceAsync(http.User.Tenant(), customerKey, periodId, ct)
            ?? throw new ResourceNotFoundException($"Customer '{customerKey}' has no closed period '{periodId}'."));
}
