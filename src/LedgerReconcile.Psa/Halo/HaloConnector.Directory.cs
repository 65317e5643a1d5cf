using LedgerReconcile.Psa.Directory;

namespace LedgerReconcile.Psa.Halo;

/// <summary>
/// Halo's clients and recurring invoices. A recurring invoice's type is its <c>rinvoice_type</c> (contracts or
/// invoices, the list filter's own values); a new line is posted with every existing line unchanged, as a quantity
/// write is, because whether Halo deletes lines left out of a POST is unconfirmed.
/// </summary>
internal sealed partial class HaloConnector
{
    public override async Task<IReadOnlyList<PsaCompany>> SearchCompaniesAsync(string? nameContains, CancellationToken cancellationToken = default)
    {
        var search = string.IsNullOrWhiteSpace(nameContains) ? "" : $"search={Uri.EscapeDataString(nameContains.Trim())}&";
        var companies = new List<PsaCompany>();
        await foreach (var client in PagedAsync($"api/Client?{search}includeinactive=true", "clients", cancellationToken))
        {
            if (client.Prop("id").Long() is { } id && client.Prop("name").String() is { Length: > 0 } name && ContainsName(name, nameContains))
                companies.Add(new PsaCompany(Kind, id.ToString(CultureInfo.InvariantCulture), name, client.Prop("inactive").Bool() != true, null));
        }
        return companies;
    }

    public override async Task<IReadOnlyList<PsaAgreement>> ListAgreementsAsync(
        string companyId, IReadOnlyCollection<string>? types = null, CancellationToken cancellationToken = default)
    {
        var client = ParseId(companyId, nameof(companyId));
        var agreements = new List<PsaAgreement>();
        await foreach (var invoice in PagedAsync($"api/RecurringInvoice?client_id={client}", "invoices", cancellationToken))
        {
            if (invoice.Prop("id").Long() is not { } id || (invoice.Prop("client_id").Long() is { } owner && owner != client))
                continue;
            var active = IsActive(invoice);
            var type = invoice.Prop("rinvoice_type").String();
            var agreement = new PsaAgreement(Kind, id.ToString(CultureInfo.InvariantCulture), companyId,
                invoice.Prop("invoicename").String() ?? invoice.Prop("name").String() ?? invoice.Prop("reference").String() ?? "",
                type, type ?? "Recurring invoice", active, active ? "Active" : "Inactive",
                DayOf(invoice.Prop("startdate").Date()), DayOf(invoice.Prop("enddate").Date()));
            if (agreement.HasType(types))
                agreements.Add(agreement);
        }
        return agreements;
    }

    public override async Task<IReadOnlyList<PsaLine>> ListAgreementLinesAsync(
        string companyId, string agreementId, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var client = ParseId(companyId, nameof(companyId));
        var invoice = await GetInvoiceAsync(ParseId(agreementId, nameof(agreementId)), cancellationToken);
        if (invoice.Prop("client_id").Long() is { } owner && owner != client)
            throw new PsaException(Kind, PsaFailureKind.NotFound, $"Recurring invoice {agreementId} belongs to client {owner}, not {client}.");
        return LinesOf(invoice, client).ToList();
    }

    public override string? RefuseAddition(NewPsaLine line) =>
        base.RefuseAddition(line) ?? (long.TryParse(line.ProductId, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? null
            : $"'{line.ProductId}' is not a Halo item id.");

    public override async Task<WriteAttempt> SendAdditionAsync(NewPsaLine line, string marker, CancellationToken cancellationToken)
    {
        var invoiceId = ParseId(line.AgreementId, nameof(line.AgreementId));
        JsonArray lines;
        try
        {
            lines = JsonNode.Parse((await GetInvoiceAsync(invoiceId, cancellationToken)).Prop("lines")!.Value.GetRawText())!.AsArray();
        }
        catch (PsaException ex)
        {
            // Nothing was posted: the protocol reads the agreement again before any other attempt.
            return new WriteAttempt.Faulted(new PsaRejection(ex.HttpStatus, ex.Kind.ToString(), ex.Message, []));
        }
        var nextSequence = lines.OfType<JsonObject>().Select(l => l["sequenceid"]?.GetValueKind() == JsonValueKind.Number ? l["sequenceid"]!.GetValue<decimal>() : 0).DefaultIfEmpty(0).Max() + 1;
        // Halo lines carry no effective date: the line bills from the invoice's next run.
        lines.Add(new JsonObject
        {
            ["_itemid"] = long.Parse(line.ProductId, CultureInfo.InvariantCulture),
            ["item_shortdescription"] = line.Description,
            ["item_longdescription"] = $"{line.Description} {marker}".Trim(),
            ["qty_order"] = line.Quantity,
            ["unit_price"] = line.UnitPrice,
            ["sequenceid"] = nextSequence,
            ["recurring_invoice_quantity_type"] = 0,
        });
        var request = new HttpRequestMessage(HttpMethod.Post, "api/RecurringInvoice")
        {
            Content = new StringContent(new JsonArray(new JsonObject { ["id"] = invoiceId, ["lines"] = lines }).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        return await WriteAsync(request, "no answer to POST /api/RecurringInvoice (timeout or connection lost)", _ => null, cancellationToken);
    }

    private async IAsyncEnumerable<JsonElement> PagedAsync(
        string urlWithQuery, string listName, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pageSize = Math.Max(1, Options.PageSize);
        var seen = 0;
        for (var page = 1; page <= MaxPages; page++)
        {
            var response = await PsaHttp.ReadAsync(Client, new HttpRequestMessage(HttpMethod.Get,
                $"{urlWithQuery}&pageinate=true&page_size={pageSize}&page_no={page}"), Kind, cancellationToken);
            var items = response.Body.Prop(listName).Items().ToList();
            foreach (var item in items)
                yield return item;
            seen += items.Count;
            var total = response.Body.Prop("record_count").Long();
            if (items.Count == 0 || (total is { } t ? seen >= t : items.Count < pageSize))
                yield break;
        }
    }
}
