namespace LedgerReconcile.Psa.Halo;

/// <summary>
/// HaloPSA: recurring invoices and their lines. Halo has no PATCH: an update is a POST of the invoice with its
/// lines, and whether omitted lines are deleted is unconfirmed, so every write re-reads the invoice and posts every
/// line exactly as read, with only the target's qty_order changed, then reads again to verify.
/// </summary>
internal sealed partial class HaloConnector(
    IHttpClientFactory httpClientFactory, IOptions<HaloOptions> options, TimeProvider time, ILogger<HaloConnector> logger)
    : PsaConnector<HaloConnector.InvoiceSnapshot, HaloOptions>(PsaKind.HaloPsa, new PsaLineRef("halo", 3), httpClientFactory, HttpClientName, options, time, logger)
{
    public const string HttpClientName = "LedgerReconcile.Psa.Halo";

    internal sealed record InvoiceSnapshot(PsaLine Line, long InvoiceId, long LineId, JsonArray Lines);

    // Neither the inactive flag nor the end date of a recurring invoice is in the reference; both are read if present.
    private bool IsActive(JsonElement invoice) =>
        invoice.Prop("inactive").Bool() != true && invoice.Prop("isinactive").Bool() != true
        && (DayOf(invoice.Prop("enddate").Date()) is not { } end || end >= DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime));

    public override async Task<IReadOnlyList<PsaLine>> ListRecurringLinesAsync(string companyId, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var client = long.Parse(companyId, NumberStyles.None, CultureInfo.InvariantCulture);
        var lines = new List<PsaLine>();
        await foreach (var invoice in PagedAsync($"api/RecurringInvoice?client_id={client}&includelines=true", "invoices", cancellationToken))
        {
            if (invoice.Prop("id").Long() is not { } invoiceId)
                continue;
            // "includelines" is an inferred parameter name: if Halo ignores it, read each invoice on its own.
            var withLines = invoice.Prop("lines") is { ValueKind: JsonValueKind.Array }
                ? invoice
                : (await GetInvoiceAsync(invoiceId, cancellationToken));
            lines.AddRange(LinesOf(withLines, client));
        }
        return lines;
    }

    public override PsaLine LineOf(InvoiceSnapshot snapshot) => snapshot.Line;

    public override Task<WriteAttempt> SendAsync(InvoiceSnapshot current, QuantityChange change, CancellationToken cancellationToken)
    {
        var lines = (JsonArray)current.Lines.DeepClone();
        var target = lines.OfType<JsonObject>().Single(l => IdOf(l) == current.LineId);
        target["qty_order"] = change.NewQuantity;
        var body = new JsonArray(new JsonObject { ["id"] = current.InvoiceId, ["lines"] = lines });
        var request = new HttpRequestMessage(HttpMethod.Post, "api/RecurringInvoice")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        // Verified by a fresh GET, as the answer's shape is not documented.
        return WriteAsync(request, "no answer to POST /api/RecurringInvoice (timeout or connection lost)", _ => null, cancellationToken);
    }

    protected override async Task<InvoiceSnapshot> ReadSnapshotAsync(string lineRef, DateOnly asOf, CancellationToken cancellationToken)
    {
        var (client, invoiceId, lineId) = ParseRef(lineRef);
        var invoice = await GetInvoiceAsync(invoiceId, cancellationToken);
        var line = LinesOf(invoice, client).FirstOrDefault(l => l.LineRef == lineRef)
            ?? throw new PsaException(Kind, PsaFailureKind.NotFound, $"Recurring invoice {invoiceId} has no line {lineId}.");
        var rawLines = JsonNode.Parse(invoice.Prop("lines")!.Value.GetRawText())!.AsArray();
        return new InvoiceSnapshot(line, invoiceId, lineId, rawLines);
    }

    private async Task<JsonElement> GetInvoiceAsync(long invoiceId, CancellationToken cancellationToken)
    {
        var response = await PsaHttp.ReadAsync(Client,
            new HttpRequestMessage(HttpMethod.Get, $"api/RecurringInvoice/{invoiceId.ToString(CultureInfo.InvariantCulture)}?includelines=true"), Kind, cancellationToken);
        if (response.Body.Prop("lines") is not { ValueKind: JsonValueKind.Array })
            throw new PsaException(Kind, PsaFailureKind.Unexpected, $"Recurring invoice {invoiceId} came back without lines.");
        return response.Body;
    }

    private IEnumerable<PsaLine> LinesOf(JsonElement invoice, long requestedClient)
    {
        var invoiceId = invoice.Prop("id").Long() ?? 0;
        var client = invoice.Prop("client_id").Long() ?? requestedClient;
        var name = invoice.Prop("invoicename").String() ?? invoice.Prop("name").String() ?? invoice.Prop("reference").String() ?? "";
        var now = Time.GetUtcNow();
        var invoiceActive = IsActive(invoice);
        foreach (var line in invoice.Prop("lines").Items())
        {
            if (line.Prop("id").Long() is not { } lineId)
                continue;
            var longDescription = line.Prop("item_longdescription").String();
            yield return Line(client, invoiceId, [lineId], name, now,
                productCode: line.Prop("item_code").String() ?? line.Prop("_itemid").String() ?? "",
                description: line.Prop("item_shortdescription").String() ?? LineAdditionProtocol.WithoutMarker(longDescription) ?? "",
                quantity: line.Prop("qty_order").Decimal() ?? 0m,
                unitPrice: line.Prop("unit_price").Decimal() ?? 0m,
                readOnlyReason: line.Prop("qty_order").UnreadableQuantity("qty_order", nullIsZero: false) ?? ReadOnlyReason(line)) with
            {
                ProductId = line.Prop("_itemid").String(),
                Status = !invoiceActive ? PsaLineStatus.AgreementInactive
                    : line.Prop("isinactive").Bool() == true ? PsaLineStatus.Cancelled
                    : PsaLineStatus.Active,
                AdditionMarker = longDescription,
            };
        }
    }

    private static string? ReadOnlyReason(JsonElement line)
    {
        if (line.Prop("isinactive").Bool() == true)
            return "The line is inactive.";
        if (line.Prop("calculate_price_from_assets").Bool() == true || line.Prop("quantity_assets").Items().Any())
            return "Halo derives this line's quantity from assets and would recalculate it.";
        if (line.Prop("calculate_price_from_users").Bool() == true || line.Prop("quantity_users").Items().Any())
            return "Halo derives this line's quantity from users and would recalculate it.";
        if (line.Prop("quantity_licences").Items().Any() || line.Prop("quantity_subscriptions").Items().Any())
            return "Halo derives this line's quantity from licences or subscriptions.";
        // The meaning of recurring_invoice_quantity_type is unconfirmed; anything but 0 (fixed) is left alone.
        if (line.Prop("recurring_invoice_quantity_type").Long() is { } type and not 0)
            return $"recurring_invoice_quantity_type is {type}, which may mean a derived quantity.";
        return null;
    }

    private static long? IdOf(JsonObject line) => line["id"]?.GetValueKind() == JsonValueKind.Number ? line["id"]!.GetValue<long>() : null;

    protected override PsaRejection ParseError(PsaResponse response)
    {
        // 400 bodies are keyed by field path, e.g. {"[0].id":"..."}; anything else is kept as text.
        var errors = response.Body.ValueKind == JsonValueKind.Object
            ? response.Body.EnumerateObject().Select(p => new PsaFieldError(p.Name, null, ((JsonElement?)p.Value).String() ?? p.Value.GetRawText())).ToList()
            : [];
        return new PsaRejection((int)response.Status, response.Status.ToString(),
            errors.Count > 0 ? string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")) : PsaHttp.Truncate(response.RawBody), errors);
    }

    private (long Client, long Invoice, long Line) ParseRef(string lineRef)
    {
        var ids = LineRefs.Parse(lineRef);
        return (ids[0], ids[1], ids[2]);
    }
}
