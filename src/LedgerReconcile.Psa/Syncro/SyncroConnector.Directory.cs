using LedgerReconcile.Psa.Directory;

namespace LedgerReconcile.Psa.Syncro;

/// <summary>
/// Syncro's customers and invoice schedules. Customers come from <c>GET /customers?query=</c> (the list shape with
/// <c>meta</c>, as for schedules; not in the reference, so read defensively). A schedule has no type: its frequency
/// (Monthly, Quarterly…) stands in for one, and a paused schedule is an inactive agreement.
/// </summary>
internal sealed partial class SyncroConnector
{
    public override async Task<IReadOnlyList<PsaCompany>> SearchCompaniesAsync(string? nameContains, CancellationToken cancellationToken = default)
    {
        var query = string.IsNullOrWhiteSpace(nameContains) ? "" : $"query={Uri.EscapeDataString(nameContains.Trim())}&";
        var companies = new List<PsaCompany>();
        await foreach (var customer in PagedAsync($"customers?{query}", "customers", cancellationToken))
        {
            var name = customer.Prop("business_name").String() is { Length: > 0 } business
                ? business
                : $"{customer.Prop("firstname").String()} {customer.Prop("lastname").String()}".Trim();
            if (customer.Prop("id").Long() is { } id && name.Length > 0 && ContainsName(name, nameContains))
                companies.Add(new PsaCompany(Kind, id.ToString(CultureInfo.InvariantCulture), name, customer.Prop("disabled").Bool() != true, null));
        }
        return companies;
    }

    public override async Task<IReadOnlyList<PsaAgreement>> ListAgreementsAsync(
        string companyId, IReadOnlyCollection<string>? types = null, CancellationToken cancellationToken = default)
    {
        var customer = ParseId(companyId, nameof(companyId));
        var agreements = new List<PsaAgreement>();
        await foreach (var schedule in PagedAsync($"schedules?customer_id={customer}&", "schedules", cancellationToken))
        {
            // A filter the server ignored must not put another customer's schedules in front of the ledger.
            if (schedule.Prop("id").Long() is not { } id || (schedule.Prop("customer_id").Long() is { } owner && owner != customer))
                continue;
            var paused = schedule.Prop("paused").Bool() == true;
            var frequency = schedule.Prop("frequency").String() ?? "";
            var agreement = new PsaAgreement(Kind, id.ToString(CultureInfo.InvariantCulture), companyId, schedule.Prop("name").String() ?? "",
                null, frequency, !paused, paused ? "Paused" : "Active", null, null);
            if (agreement.HasType(types))
                agreements.Add(agreement);
        }
        return agreements;
    }

    public override async Task<IReadOnlyList<PsaLine>> ListAgreementLinesAsync(
        string companyId, string agreementId, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var customer = ParseId(companyId, nameof(companyId));
        var schedule = await GetScheduleAsync(ParseId(agreementId, nameof(agreementId)), cancellationToken);
        if (schedule.Prop("customer_id").Long() is { } owner && owner != customer)
            throw new PsaException(Kind, PsaFailureKind.NotFound, $"Invoice schedule {agreementId} belongs to customer {owner}, not {customer}.");
        return LinesOf(schedule, customer).ToList();
    }

    public override string? RefuseAddition(NewPsaLine line) =>
        base.RefuseAddition(line) ?? (long.TryParse(line.ProductId, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? null
            : $"'{line.ProductId}' is not a Syncro product id.");

    public override Task<WriteAttempt> SendAdditionAsync(NewPsaLine line, string marker, CancellationToken cancellationToken)
    {
        // Syncro schedule lines carry no effective date: the line bills from the schedule's next run. The name is
        // what the invoice prints and is required; the marker goes in the description.
        var name = string.IsNullOrWhiteSpace(line.Description) ? $"Product {line.ProductId}" : line.Description;
        var body = new JsonObject
        {
            ["product_id"] = long.Parse(line.ProductId, CultureInfo.InvariantCulture),
            ["name"] = name,
            ["description"] = $"{line.Description} {marker}".Trim(),
            ["quantity"] = line.Quantity,
            ["retail_cents"] = (long)decimal.Round(line.UnitPrice * 100m, MidpointRounding.AwayFromZero),
        };
        var request = new HttpRequestMessage(HttpMethod.Post, $"schedules/{ParseId(line.AgreementId, nameof(line.AgreementId))}/add_line_item")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        return WriteAsync(request, "no answer to POST add_line_item (timeout or connection lost)", _ => null, cancellationToken);
    }

    private async IAsyncEnumerable<JsonElement> PagedAsync(
        string urlWithQuery, string listName, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<long>();
        for (var page = 1; page <= MaxPages; page++)
        {
            var response = await PsaHttp.ReadAsync(Client, new HttpRequestMessage(HttpMethod.Get, $"{urlWithQuery}page={page}"), Kind, cancellationToken);
            var fresh = 0;
            foreach (var item in response.Body.Prop(listName).Items())
            {
                if (item.Prop("id").Long() is not { } id || !seen.Add(id))
                    continue;
                fresh++;
                yield return item;
            }
            var totalPages = response.Body.Prop("meta").Prop("total_pages").Long();
            if (totalPages is { } total ? page >= total : fresh == 0)
                yield break;
        }
    }
}
