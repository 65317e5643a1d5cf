using System.Net;

namespace LedgerReconcile.Psa.ConnectWise;

/// <summary>
/// ConnectWise PSA: agreements and their additions. A quantity write is a JSON-Patch replace of an absolute value,
/// so re-sending it after a lost answer cannot double it; a 400 is whole-record validation and is reported, not retried.
/// </summary>
internal sealed partial class ConnectWiseConnector(
    IHttpClientFactory httpClientFactory, IOptions<ConnectWiseOptions> options, TimeProvider time, ILogger<ConnectWiseConnector> logger)
    : PsaConnector<PsaLine, ConnectWiseOptions>(PsaKind.ConnectWise, new PsaLineRef("cw", 3), httpClientFactory, HttpClientName, options, time, logger)
{
    public const string HttpClientName = "LedgerReconcile.Psa.ConnectWise";

    public override async Task<IReadOnlyList<PsaLine>> ListRecurringLinesAsync(string companyId, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var company = long.Parse(companyId, NumberStyles.None, CultureInfo.InvariantCulture);
        var client = Client;
        var lines = new List<PsaLine>();
        var agreementsUrl = $"finance/agreements?conditions={Uri.EscapeDataString($"company/id={company} AND agreementStatus='Active'")}";
        await foreach (var agreement in PagesAsync(client, agreementsUrl, cancellationToken))
        {
            if (agreement.Prop("id").Long() is not { } agreementId)
                continue;
            var agreementName = agreement.Prop("name").String() ?? "";
            var additionsUrl = $"finance/agreements/{agreementId}/additions?conditions={Uri.EscapeDataString("agreementStatus='Active'")}";
            await foreach (var addition in PagesAsync(client, additionsUrl, cancellationToken))
            {
                var line = ToLine(addition, company, agreementId, agreementName, asOf);
                if (line is not null && !IsCancelledBy(addition, asOf))
                    lines.Add(line);
            }
        }
        return lines;
    }

    public override async Task<PsaLine> ReadLineAsync(string lineRef, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var (company, agreementId, additionId) = ParseRef(lineRef);
        var client = Client;
        var agreement = await PsaHttp.ReadAsync(client, new HttpRequestMessage(HttpMethod.Get, $"finance/agreements/{agreementId}"), Kind, cancellationToken);
        return await ReadAdditionAsync(client, company, agreementId, additionId, agreement.Body.Prop("name").String() ?? "", cancellationToken);
    }

    protected override Task<PsaLine> ReadSnapshotAsync(string lineRef, DateOnly asOf, CancellationToken cancellationToken)
    {
        var (company, agreementId, additionId) = ParseRef(lineRef);
        return ReadAdditionAsync(Client, company, agreementId, additionId, "", cancellationToken);
    }

    public override PsaLine LineOf(PsaLine snapshot) => snapshot;

    public override Task<WriteAttempt> SendAsync(PsaLine current, QuantityChange change, CancellationToken cancellationToken)
    {
        var (_, agreementId, additionId) = ParseRef(change.LineRef);
        var body = JsonSerializer.Serialize(new[] { new { op = "replace", path = "/quantity", value = change.NewQuantity } });
        var request = new HttpRequestMessage(HttpMethod.Patch, $"finance/agreements/{agreementId}/additions/{additionId}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        return WriteAsync(request, "no answer to the PATCH (timeout or connection lost)",
            answer => answer.Body.ValueKind == JsonValueKind.Object ? answer.Body.Prop("quantity").Decimal() : null, cancellationToken);
    }

    // 409 "record possibly in use": ConnectWise finished with the request; a re-read decides.
    protected override bool LeavesOutcomeOpen(HttpStatusCode status) => base.LeavesOutcomeOpen(status) || status == HttpStatusCode.Conflict;

    private async Task<PsaLine> ReadAdditionAsync(HttpClient client, long company, long agreementId, long additionId, string agreementName, CancellationToken cancellationToken)
    {
        var response = await PsaHttp.ReadAsync(client, new HttpRequestMessage(HttpMethod.Get, $"finance/agreements/{agreementId}/additions/{additionId}"), Kind, cancellationToken);
        return ToLine(response.Body, company, agreementId, agreementName)
            ?? throw new PsaException(Kind, PsaFailureKind.Unexpected, $"Addition {additionId} came back without an id: {PsaHttp.Truncate(response.RawBody)}");
    }

    private PsaLine? ToLine(JsonElement addition, long company, long agreementId, string agreementName, DateOnly? asOf = null, bool agreementActive = true)
    {
        if (addition.Prop("id").Long() is not { } id)
            return null;
        var product = addition.Prop("product");
        var cancelled = addition.Prop("cancelledDate").Date();
        var now = Time.GetUtcNow();
        var day = asOf ?? DateOnly.FromDateTime(now.UtcDateTime);
        var description = addition.Prop("description").String();
        return Line(company, agreementId, [id], agreementName, now,
            productCode: product.Prop("identifier").String() ?? product.Prop("id").String() ?? "",
            description: LineAdditionProtocol.WithoutMarker(description) ?? addition.Prop("invoiceDescription").String() ?? "",
            // ConnectWise allows a null quantity; the invoice treats it as none.
            quantity: addition.Prop("quantity").Decimal() ?? 0m,
            unitPrice: addition.Prop("unitPrice").Decimal() ?? 0m,
            readOnlyReason: addition.Prop("quantity").UnreadableQuantity("quantity", nullIsZero: true)
                ?? (cancelled is { } c && c <= now ? $"The addition was cancelled on {c:yyyy-MM-dd}." : null)) with
        {
            ProductId = product.Prop("id").String(),
            Billing = BillingOf(addition.Prop("billCustomer").String()),
            Status = !agreementActive ? PsaLineStatus.AgreementInactive
                : DayOf(cancelled) is { } end && end <= day ? PsaLineStatus.Cancelled
                : DayOf(addition.Prop("effectiveDate").Date()) is { } start && start > day ? PsaLineStatus.NotStarted
                : PsaLineStatus.Active,
            EndDate = DayOf(cancelled),
            LastUpdatedBy = addition.Prop("_info").Prop("updatedBy").String(),
            LastUpdatedAt = addition.Prop("_info").Prop("lastUpdated").Date(),
            AdditionMarker = description,
        };
    }

    private static bool IsCancelledBy(JsonElement addition, DateOnly asOf) =>
        addition.Prop("cancelledDate").Date() is { } cancelled && DateOnly.FromDateTime(cancelled.UtcDateTime) <= asOf;

    private async IAsyncEnumerable<JsonElement> PagesAsync(
        HttpClient client, string firstUrl, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pageSize = Math.Clamp(Options.PageSize, 1, 1000);
        string? url = $"{firstUrl}&pageSize={pageSize}&page=1";
        var page = 1;
        var seen = new HashSet<string>();
        while (url is not null && seen.Add(url))
        {
            var response = await PsaHttp.ReadAsync(client, new HttpRequestMessage(HttpMethod.Get, url), Kind, cancellationToken);
            var count = 0;
            foreach (var item in response.Body.Items())
            {
                count++;
                yield return item;
            }
            page++;
            // Link rel="next" is the documented way on; without any Link header, a full page means there may be more.
            url = NextLink(response, client.BaseAddress)
                ?? (!response.Headers.Contains("Link") && count == pageSize ? $"{firstUrl}&pageSize={pageSize}&page={page}" : null);
        }
    }

    private string? NextLink(PsaResponse response, Uri? baseAddress)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
            return null;
        foreach (var link in values.SelectMany(v => v.Split(',')))
        {
            var parts = link.Split(';');
            if (!parts.Skip(1).Any(p => p.Trim().Replace(" ", "").Equals("rel=\"next\"", StringComparison.OrdinalIgnoreCase)
                                        || p.Trim().Equals("rel=next", StringComparison.OrdinalIgnoreCase)))
                continue;
            var target = parts[0].Trim().TrimStart('<').TrimEnd('>');
            if (!Uri.TryCreate(baseAddress, target, out var next))
                return null;
            // Never send the API keys to a host the link merely names.
            if (baseAddress is not null && !string.Equals(next.Authority, baseAddress.Authority, StringComparison.OrdinalIgnoreCase))
                throw new PsaException(Kind, PsaFailureKind.Unexpected, $"ConnectWise pointed the next page at another host: {next.Authority}");
            return next.ToString();
        }
        return null;
    }

    protected override PsaRejection ParseError(PsaResponse response)
    {
        var body = response.Body;
        var errors = body.Prop("errors").Items()
            .Select(e => new PsaFieldError(e.Prop("field").String(), e.Prop("code").String(), e.Prop("message").String() ?? e.GetRawText()))
            .ToList();
        return new PsaRejection(
            (int)response.Status,
            body.Prop("code").String() ?? response.Status.ToString(),
            body.Prop("message").String() ?? PsaHttp.Truncate(response.RawBody),
            errors);
    }

    private (long Company, long Agreement, long Addition) ParseRef(string lineRef)
    {
        var ids = LineRefs.Parse(lineRef);
        return (ids[0], ids[1], ids[2]);
    }
}
