using System.Text.Json;
using LedgerReconcile.Domain;
using LedgerReconcile.EventStore;

namespace LedgerReconcile.Api.Endpoints;

/// <summary>An event exactly as stored: envelope, metadata, hash and the JSON payload.</summary>
public sealed record RawEvent(
    long Position,
    string Stream,
    long Revision,
    Guid EventId,
    string Type,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    string Actor,
    string CorrelationId,
    string? CausationId,
    string? CommandId,
    string Hash,
    JsonElement Data)
{
    public static RawEvent From(RecordedEvent e)
    {
        using var data = JsonDocument.Parse(e.Data);
        return new RawEvent(
            e.Position, e.Stream, e.Revision, e.EventId, e.Type, e.OccurredAt, e.RecordedAt, e.Metadata.Actor, e.Metadata.CorrelationId,
            e.Metadata.CausationId, e.Metadata.CommandId, Convert.ToHexStringLower(e.Hash), data.RootElement.Clone());
    }
}

/// <summary>A page of the feed; pass <see cref="Next"/> as <c>after</c> (feed) or <c>from</c> (stream) for the next page.</summary>
public sealed record EventPage(IReadOnlyList<RawEvent> Events, long Next, bool More);

/// <summary>The outcome of walking the hash chain of the tenant's streams (or one customer's).</summary>
public sealed record VerificationReport(bool Intact, long EventsChecked, long StreamsChecked, BrokenLink? FirstBrokenLink, IReadOnlyList<string> Streams);

public static class AuditEndpoints
{
    private const int FeedScanBatch = 1000;

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api").WithTags("Audit")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        audit.MapGet("/events", FeedAsync)
            .Read(Policies.Audit)
            .WithName("ReadEventFeed")
            .WithSummary("The raw event feed ($all) of your tenant")
            .WithDescription(
                "Every event of your tenant in global commit order, exactly as stored (payload, metadata with correlation " +
                "and causation ids, hash). Page by position: after=0 starts at the beginning, then pass next. Positions are " +
                "gap-free across the whole store; other tenants' events are skipped. Role: auditor.")
            .ProducesValidationProblem();

        app.MapCustomerGroup("Audit").MapGet("/events", StreamAsync)
            .Read(Policies.Audit)
            .WithName("ReadCustomerStream")
            .WithSummary("One customer's event stream")
            .WithDescription("The customer's events in stream order, exactly as stored. Page with from=next. Role: auditor.")
            .ProducesValidationProblem();

        audit.MapGet("/verify", VerifyTenantAsync)
            .Read()
            .WithName("VerifyLedger")
            .WithSummary("Verify the hash chain of your tenant's ledger")
            .WithDescription("Walks the SHA-256 chain of every stream of your tenant and reports the first broken link, if any.");

        app.MapCustomerGroup("Audit").MapGet("/verify", VerifyCustomerAsync)
            .Read()
            .WithName("VerifyCustomer")
            .WithSummary("Verify the hash chain of one customer")
            .WithDescription("Walks the SHA-256 chain of the customer's stream and reports the first broken link, if any.");
        return app;
    }

    private static async Task<Ok<EventPage>> FeedAsync(HttpContext http, IEventStore store, long? after, int? limit, CancellationToken ct)
    {
        var rules = new QueryRules().Require(after is null or >= 0, "after", "'after' is a position of 0 or more.");
        var take = rules.Limit(limit, 100, 1000);
        rules.ThrowIfInvalid();

        var tenant = http.User.Tenant();
        var cursor = after ?? 0;
        var page = new List<RawEvent>();
        while (true)
        {
            var read = 0;
            await foreach (var e in store.ReadAllAsync(cursor, FeedScanBatch, ct))
            {
                read++;
                cursor = e.Position;
                if (e.Metadata.Tenant == tenant)
                {
                    page.Add(RawEvent.From(e));
                    if (page.Count == take)
                    {
                        return TypedResults.Ok(new EventPage(page, cursor, cursor < await store.ReadHeadPositionAsync(ct)));
                    }
                }
            }

            if (read < FeedScanBatch)
            {
                return TypedResults.Ok(new EventPage(page, cursor, false));
            }
        }
    }

    private static async Task<Ok<EventPage>> StreamAsync(string customerKey, HttpContext http, IEventStore store, long? from, int? limit, CancellationToken ct)
    {
        var rules = new QueryRules().Require(from is null or >= 0, "from", "'from' is a revision of 0 or more.");
        var take = rules.Limit(limit, 100, 1000);
        rules.ThrowIfInvalid();

        var stream = StreamNames.Customer(http.User.Tenant(), customerKey);
        var events = new List<RawEvent>();
        await foreach (var e in store.ReadStreamAsync(stream, ReadDirection.Forwards, from ?? 0, take, ct))
        {
            events.Add(RawEvent.From(e));
        }

        var last = await store.ReadStreamRevisionAsync(stream, ct) ?? -1;
        var next = events.Count > 0 ? events[^1].Revision + 1 : from ?? 0;
        return TypedResults.Ok(new EventPage(events, next, next <= last));
    }

    private static async Task<Ok<VerificationReport>> VerifyTenantAsync(HttpContext http, IEventStore store, CancellationToken ct)
    {
        var tenant = http.User.Tenant();
        var streams = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var e in store.ReadAllAsync(0, cancellationToken: ct))
        {
            if (e.Metadata.Tenant == tenant)
            {
                streams.Add(e.Stream);
            }
        }

        return TypedResults.Ok(await VerifyStreamsAsync(store, streams, ct));
    }

    private static async Task<Ok<VerificationReport>> VerifyCustomerAsync(string customerKey, HttpContext http, IEventStore store, CancellationToken ct) =>
        TypedResults.Ok(await VerifyStreamsAsync(store, [StreamNames.Customer(http.User.Tenant(), customerKey)], ct));

    private static async Task<VerificationReport> VerifyStreamsAsync(IEventStore store, IReadOnlyCollection<string> streams, CancellationToken ct)
    {
        long events = 0;
        BrokenLink? broken = null;
        foreach (var stream in streams)
        {
            var result = await store.VerifyAsync(stream, cancellationToken: ct);
            events += result.EventsChecked;
            if (result.FirstBrokenLink is { } link && (broken is null || link.Position < broken.Position))
            {
                broken = link;
            }
        }

        return new VerificationReport(broken is null, events, streams.Count, broken, streams.ToList());
    }
}
