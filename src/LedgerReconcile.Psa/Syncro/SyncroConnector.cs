using System.Net;

namespace LedgerReconcile.Psa.Syncro;

/// <summary>
/// Syncro: invoice schedules and their line items. A write is a PUT of one line item's absolute quantity, so re-sending
/// it after a lost answer cannot double it. The line's own name goes along because Syncro validates the whole line
/// item on update and answers 422 "Name can't be blank" otherwise. Schedules are never deleted or replaced: a DELETE
/// destroys the template with no undo.
/// </summary>
internal sealed partial class SyncroConnector(
    IHttpClientFactory httpClientFactory, IOptions<SyncroOptions> options, TimeProvider time, ILogger<SyncroConnector> logger)
    : PsaConnector<SyncroConnector.LineSnapshot, SyncroOptions>(PsaKind.Syncro, new PsaLineRef("syncro", 3), httpClientFactory, HttpClientName, options, time, logger)
{
    public const string HttpClientName = "LedgerReconcile.Psa.Syncro";

    internal sealed record LineSnapshot(PsaLine Line, long ScheduleId, long LineId, string? Name);

    public override async Task<IReadOnlyList<PsaLine>> ListRecurringLinesAsync(string companyId, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        // Paused schedules invoice nothing and are left out, as ConnectWise leaves out cancelled additions. Syncro's
        // quantities carry no effective date, so asOf does not change what is read.
        var customer = long.Parse(companyId, NumberStyles.None, CultureInfo.InvariantCulture);
        var lines = new List<PsaLine>();
        await foreach (var schedule in PagedAsync($"schedules?customer_id={customer}&", "schedules", cancellationToken))
        {
            // A filter the server ignored must not put another customer's lines in front of the ledger.
            if (schedule.Prop("id").Long() is not { } scheduleId || (schedule.Prop("customer_id").Long() is { } owner && owner != customer))
                continue;
            if (schedule.Prop("paused").Bool() == true)
                continue;
            // Whether the list carries complete lines is not documented; an empty list of lines is confirmed
            // by reading the schedule itself.
            var withLines = schedule.Prop("lines").Items().Any() ? schedule : await GetScheduleAsync(scheduleId, cancellationToken);
            lines.AddRange(LinesOf(withLines, customer));
        }
        return lines;
    }

    public override PsaLine LineOf(LineSnapshot snapshot) => snapshot.Line;

    public override Task<WriteAttempt> SendAsync(LineSnapshot current, QuantityChange change, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["quantity"] = change.NewQuantity };
        if (current.Name is not null)
            body["name"] = current.Name;
        var request = new HttpRequestMessage(HttpMethod.Put,
            $"schedules/{current.ScheduleId.ToString(CultureInfo.InvariantCulture)}/line_items/{current.LineId.ToString(CultureInfo.InvariantCulture)}")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        // The answer echoes the saved line item, its quantity as a string ("9.99").
        return WriteAsync(request, "no answer to the PUT of the line item (timeout or connection lost)",
            answer => (answer.Body.Prop("schedule_line_item") ?? answer.Body).Prop("quantity").Decimal(), cancellationToken);
    }

    // 408 and 409 too: Syncro may or may not have saved it; a re-read decides.
    protected override bool LeavesOutcomeOpen(HttpStatusCode status) =>
        base.LeavesOutcomeOpen(status) || status is HttpStatusCode.RequestTimeout or HttpStatusCode.Conflict;

    protected override async Task<LineSnapshot> ReadSnapshotAsync(string lineRef, DateOnly asOf, CancellationToken cancellationToken)
    {
        var (customer, scheduleId, lineId) = ParseRef(lineRef);
        var schedule = await GetScheduleAsync(scheduleId, cancellationToken);
        if (schedule.Prop("customer_id").Long() is { } owner && owner != customer)
            throw new PsaException(Kind, PsaFailureKind.NotFound, $"Invoice schedule {scheduleId} now belongs to customer {owner}, not {customer}.");
        var line = LinesOf(schedule, customer).FirstOrDefault(l => l.LineRef == lineRef)
            ?? throw new PsaException(Kind, PsaFailureKind.NotFound, $"Invoice schedule {scheduleId} has no line item {lineId}.");
        var raw = schedule.Prop("lines").Items().First(l => l.Prop("id").Long() == lineId);
        return new LineSnapshot(line, scheduleId, lineId, raw.Prop("name").String());
    }

    private async Task<JsonElement> GetScheduleAsync(long scheduleId, CancellationToken cancellationToken)
    {
        var response = await PsaHttp.ReadAsync(Client,
            new HttpRequestMessage(HttpMethod.Get, $"schedules/{scheduleId.ToString(CultureInfo.InvariantCulture)}"), Kind, cancellationToken);
        var schedule = response.Body.Prop("schedule") ?? response.Body;
        if (schedule.Prop("lines") is not { ValueKind: JsonValueKind.Array })
            throw new PsaException(Kind, PsaFailureKind.Unexpected, $"Invoice schedule {scheduleId} came back without lines: {PsaHttp.Truncate(response.RawBody)}");
        return schedule;
    }

    private IEnumerable<PsaLine> LinesOf(JsonElement schedule, long customer)
    {
        var scheduleId = schedule.Prop("id").Long() ?? 0;
        var name = schedule.Prop("name").String() ?? "";
        var paused = schedule.Prop("paused").Bool() == true;
        var now = Time.GetUtcNow();
        foreach (var line in schedule.Prop("lines").Items())
        {
            if (line.Prop("id").Long() is not { } lineId)
                continue;
            var quantity = line.Prop("quantity").Decimal();
            var retailCents = line.Prop("retail_cents").Decimal();
            var description = line.Prop("description").String();
            yield return Line(customer, scheduleId, [lineId], name, now,
                productCode: line.Prop("product_id").String() ?? "",
                description: line.Prop("name").String() ?? LineAdditionProtocol.WithoutMarker(description) ?? "",
                quantity: quantity ?? 0m,
                unitPrice: line.Prop("price_retail").Decimal() ?? (retailCents is { } cents ? cents / 100m : 0m),
                readOnlyReason: ReadOnlyReason(line, quantity, paused)) with
            {
                ProductId = line.Prop("product_id").String(),
                // A paused schedule invoices nothing; Syncro has no per-line status, end date or bill flag.
                Status = paused ? PsaLineStatus.AgreementInactive : PsaLineStatus.Active,
                AdditionMarker = description,
            };
        }
    }

    private static string? ReadOnlyReason(JsonElement line, decimal? quantity, bool schedulePaused)
    {
        if (quantity is null)
            return $"Syncro sent no readable quantity ({line.Prop("quantity")?.GetRawText() ?? "none"}).";
        if (IsSet(line.Prop("recurring_type_id")))
            return $"Syncro counts this line's quantity itself (recurring_type_id {line.Prop("recurring_type_id")!.Value.GetRawText()}: an asset or RMM counter or package) and would overwrite it.";
        if (IsSet(line.Prop("saved_asset_search_id")) || IsSet(line.Prop("contact_field_type_id")))
            return "Syncro derives this line's quantity from an asset search or a contact field.";
        if (line.Prop("one_time_charge").Bool() == true)
            return "The line is a one-time charge, not a recurring quantity.";
        if (schedulePaused)
            return "The invoice schedule is paused.";
        return null;
    }

    private static bool IsSet(JsonElement? value) => value?.ValueKind switch
    {
        null or JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.False => false,
        JsonValueKind.String => !string.IsNullOrWhiteSpace(value.Value.GetString()),
        JsonValueKind.Number => value.Long() != 0,
        _ => true,
    };

    protected override PsaRejection ParseError(PsaResponse response)
    {
        // Syncro's 422: {"error":["Name can't be blank"]}; a Rails-style {"errors":{"field":["..."]}} is read too.
        var body = response.Body;
        var errors = new List<PsaFieldError>();
        foreach (var key in new[] { "error", "errors", "message" })
        {
            var value = body.ValueKind == JsonValueKind.Object ? body.Prop(key) : null;
            switch (value?.ValueKind)
            {
                case JsonValueKind.Array:
                    errors.AddRange(value.Value.EnumerateArray().Select(e => new PsaFieldError(null, null, ((JsonElement?)e).String() ?? e.GetRawText())));
                    break;
                case JsonValueKind.Object:
                    foreach (var field in value.Value.EnumerateObject())
                    {
                        var messages = field.Value.ValueKind == JsonValueKind.Array ? field.Value.EnumerateArray().ToList() : [field.Value];
                        errors.AddRange(messages.Select(m => new PsaFieldError(field.Name, null, $"{field.Name} {((JsonElement?)m).String() ?? m.GetRawText()}")));
                    }
                    break;
                case JsonValueKind.String:
                    errors.Add(new PsaFieldError(null, null, value.Value.GetString()!));
                    break;
            }
        }
        return new PsaRejection((int)response.Status, response.Status.ToString(),
            errors.Count > 0 ? string.Join("; ", errors.Select(e => e.Message)) : PsaHttp.Truncate(response.RawBody), errors);
    }

    private (long Customer, long Schedule, long Line) ParseRef(string lineRef)
    {
        var ids = LineRefs.Parse(lineRef);
        return (ids[0], ids[1], ids[2]);
    }
}
