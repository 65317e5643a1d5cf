using LedgerReconcile.Psa.Directory;

namespace LedgerReconcile.Psa.ConnectWise;

internal sealed partial class ConnectWiseConnector
{
    public override async Task<IReadOnlyList<PsaCompany>> SearchCompaniesAsync(string? nameContains, CancellationToken cancellationToken = default)
    {
        // Quotes and wildcards cannot be escaped in a condition: they are dropped there and the exact fragment is
        // matched here, which also covers a server that ignored the condition.
        var fragment = new string((nameContains ?? "").Where(c => c is not ('"' or '\'' or '%' or '*' or '\\')).ToArray()).Trim();
        var url = "company/companies?conditions=" + Uri.EscapeDataString(fragment.Length == 0 ? "deletedFlag=false" : $"name like \"%{fragment}%\"");
        var companies = new List<PsaCompany>();
        await foreach (var company in PagesAsync(Client, url, cancellationToken))
        {
            if (company.Prop("id").Long() is not { } id || company.Prop("name").String() is not { } name || !ContainsName(name, nameContains))
                continue;
            var status = company.Prop("status").Prop("name").String();
            var active = company.Prop("deletedFlag").Bool() != true
                         && (status is null || !status.Contains("inactive", StringComparison.OrdinalIgnoreCase));
            companies.Add(new PsaCompany(Kind, id.ToString(CultureInfo.InvariantCulture), name, active, company.Prop("identifier").String()));
        }
        return companies;
    }

    public override async Task<IReadOnlyList<PsaAgreement>> ListAgreementsAsync(
        string companyId, IReadOnlyCollection<string>? types = null, CancellationToken cancellationToken = default)
    {
        var company = ParseId(companyId, nameof(companyId));
        var agreements = new List<PsaAgreement>();
        var url = $"finance/agreements?conditions={Uri.EscapeDataString($"company/id={company}")}";
        await foreach (var agreement in PagesAsync(Client, url, cancellationToken))
        {
            if (AgreementOf(agreement, company) is { } read && read.HasType(types))
                agreements.Add(read);
        }
        return agreements;
    }

    public override async Task<IReadOnlyList<PsaLine>> ListAgreementLinesAsync(
        string companyId, string agreementId, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var company = ParseId(companyId, nameof(companyId));
        var id = ParseId(agreementId, nameof(agreementId));
        var client = Client;
        var response = await PsaHttp.ReadAsync(client, new HttpRequestMessage(HttpMethod.Get, $"finance/agreements/{id}"), Kind, cancellationToken);
        var agreement = AgreementOf(response.Body, company)
            ?? throw new PsaException(Kind, PsaFailureKind.Unexpected, $"Agreement {id} came back without an id: {PsaHttp.Truncate(response.RawBody)}");
        if (agreement.CompanyId != companyId)
            throw new PsaException(Kind, PsaFailureKind.NotFound, $"Agreement {id} belongs to company {agreement.CompanyId}, not {companyId}.");
        var lines = new List<PsaLine>();
        await foreach (var addition in PagesAsync(client, $"finance/agreements/{id}/additions?orderBy=id", cancellationToken))
        {
            if (ToLine(addition, company, id, agreement.Name, asOf, agreement.IsActive) is { } line)
                lines.Add(line);
        }
        return lines;
    }

    public override string? RefuseAddition(NewPsaLine line) =>
        base.RefuseAddition(line) ?? (long.TryParse(line.ProductId, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? null
            : $"'{line.ProductId}' is not a ConnectWise catalog item id.");

    public override Task<WriteAttempt> SendAdditionAsync(NewPsaLine line, string marker, CancellationToken cancellationToken)
    {
        var agreementId = ParseId(line.AgreementId, nameof(line.AgreementId));
        // The marker goes in the addition's own description; the invoice prints invoiceDescription.
        var body = new JsonObject
        {
            ["product"] = new JsonObject { ["id"] = long.Parse(line.ProductId, CultureInfo.InvariantCulture) },
            ["quantity"] = line.Quantity,
            ["unitPrice"] = line.UnitPrice,
            ["billCustomer"] = "Billable",
            ["effectiveDate"] = line.EffectiveDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z",
            ["description"] = $"{line.Description} {marker}".Trim(),
            ["invoiceDescription"] = line.Description,
        };
        var request = new HttpRequestMessage(HttpMethod.Post, $"finance/agreements/{agreementId}/additions")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        return WriteAsync(request, "no answer to the POST of the addition (timeout or connection lost)", _ => null, cancellationToken);
    }

    private PsaAgreement? AgreementOf(JsonElement agreement, long requestedCompany)
    {
        if (agreement.Prop("id").Long() is not { } id)
            return null;
        var status = agreement.Prop("agreementStatus").String() ?? "";
        var end = DayOf(agreement.Prop("endDate").Date());
        var today = DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);
        var active = status.Equals("Active", StringComparison.OrdinalIgnoreCase)
                     && agreement.Prop("cancelledFlag").Bool() != true
                     && (agreement.Prop("noEndingDateFlag").Bool() == true || end is null || end >= today);
        return new PsaAgreement(Kind, id.ToString(CultureInfo.InvariantCulture),
            (agreement.Prop("company").Prop("id").Long() ?? requestedCompany).ToString(CultureInfo.InvariantCulture),
            agreement.Prop("name").String() ?? "",
            agreement.Prop("type").Prop("id").String(),
            agreement.Prop("type").Prop("name").String() ?? "",
            active, status, DayOf(agreement.Prop("startDate").Date()),
            agreement.Prop("noEndingDateFlag").Bool() == true ? null : end);
    }

    private static PsaBilling BillingOf(string? billCustomer) => billCustomer switch
    {
        null => PsaBilling.Billable,
        _ when billCustomer.Equals("Billable", StringComparison.OrdinalIgnoreCase) => PsaBilling.Billable,
        _ when billCustomer.Equals("DoNotBill", StringComparison.OrdinalIgnoreCase) => PsaBilling.DoNotBill,
        _ when billCustomer.Equals("NoCharge", StringComparison.OrdinalIgnoreCase) => PsaBilling.NoCharge,
        _ => PsaBilling.Unrecognised,
    };
}
