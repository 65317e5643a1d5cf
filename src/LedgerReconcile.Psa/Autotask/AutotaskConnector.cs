namespace LedgerReconcile.Psa.Autotask;

/// <summary>
/// Autotask PSA: recurring-service contracts (type 7), their ContractServices and the ContractServiceUnits that hold
/// the unit count per date range. The only way to change a count is a ContractServiceAdjustment, a signed integer
/// delta that cannot be queried afterwards: sent twice, it bills twice. So the delta is computed from a fresh read
/// every time, and a write that got no answer is never re-sent by this adapter.
/// </summary>
internal sealed partial class AutotaskConnector(
    IHttpClientFactory httpClientFactory, IOptions<AutotaskOptions> options, TimeProvider time, ILogger<AutotaskConnector> logger)
    : PsaConnector<AutotaskConnector.UnitsSnapshot, AutotaskOptions>(PsaKind.Autotask, new PsaLineRef("at", 4), httpClientFactory, HttpClientName, options, time, logger)
{
    public const string HttpClientName = "LedgerReconcile.Psa.Autotask";
    private const int RecurringServiceContractType = 7;
    private const int MaxInListSize = 500;

    private readonly SemaphoreSlim _zoneLock = new(1, 1);
    private Uri? _apiBase;

    internal sealed record UnitsSnapshot(PsaLine Line, long ContractId, long ContractServiceId, long ServiceId);

    private sealed record LineIds(long Company, long Contract, long ContractService, long Service);

    // Autotask answers validation failures and server faults alike with 500 and an error array.
    public override bool ServerFaultsMayBeRejections => true;

    public override async Task<IReadOnlyList<PsaLine>> ListRecurringLinesAsync(string companyId, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var company = long.Parse(companyId, NumberStyles.None, CultureInfo.InvariantCulture);
        var contracts = (await QueryAsync("Contracts", [Eq("companyID", company), Eq("contractType", RecurringServiceContractType)], cancellationToken))
            .Where(c => Covers(c.Prop("startDate").Date(), c.Prop("endDate").Date(), asOf))
            .ToDictionary(c => c.Prop("id").Long() ?? 0);
        if (contracts.Count == 0)
            return [];

        var contractServices = await QueryInAsync("ContractServices", "contractID", contracts.Keys, cancellationToken);
        return await LinesOfAsync(company, contracts, contractServices, asOf, cancellationToken);
    }

    private async Task<List<PsaLine>> LinesOfAsync(
        long company, Dictionary<long, JsonElement> contracts, List<JsonElement> contractServices, DateOnly asOf, CancellationToken cancellationToken)
    {
        if (contractServices.Count == 0)
            return [];
        var services = (await QueryInAsync("Services", "id", contractServices.Select(cs => cs.Prop("serviceID").Long() ?? 0).Distinct(), cancellationToken))
            .ToDictionary(s => s.Prop("id").Long() ?? 0);
        var units = (await QueryInAsync("ContractServiceUnits", "contractServiceID", contractServices.Select(cs => cs.Prop("id").Long() ?? 0), cancellationToken))
            .ToLookup(u => u.Prop("contractServiceID").Long() ?? 0);

        var lines = new List<PsaLine>();
        foreach (var contractService in contractServices)
        {
            if (contractService.Prop("id").Long() is not { } id || contractService.Prop("contractID").Long() is not { } contractId
                || contractService.Prop("serviceID").Long() is not { } serviceId || !contracts.TryGetValue(contractId, out var contract))
                continue;
            services.TryGetValue(serviceId, out var service);
            lines.Add(ToLine(new LineIds(company, contractId, id, serviceId), contract, contractService, service, units[id], asOf));
        }
        return lines;
    }

    public override async Task<PsaLine> ReadLineAsync(string lineRef, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var ids = ParseRef(lineRef);
        var contractService = (await QueryAsync("ContractServices", [Eq("id", ids.ContractService)], cancellationToken)).FirstOrDefault();
        if (contractService.ValueKind != JsonValueKind.Object)
            throw new PsaException(Kind, PsaFailureKind.NotFound, $"ContractService {ids.ContractService} does not exist.");
        var contract = (await QueryAsync("Contracts", [Eq("id", ids.Contract)], cancellationToken)).FirstOrDefault();
        var service = (await QueryAsync("Services", [Eq("id", ids.Service)], cancellationToken)).FirstOrDefault();
        var units = await QueryAsync("ContractServiceUnits", [Eq("contractServiceID", ids.ContractService)], cancellationToken);
        return ToLine(ids, contract, contractService, service, units, asOf);
    }

    public override string? RefuseBeforeReading(QuantityChange change) =>
        base.RefuseBeforeReading(change)
        ?? (Math.Abs(change.NewQuantity - change.ExpectedCurrent) > int.MaxValue ? "The unit change does not fit Autotask's integer unitChange." : null);

    public override PsaLine LineOf(UnitsSnapshot snapshot) => snapshot.Line;

    public override async Task<WriteAttempt> SendAsync(UnitsSnapshot current, QuantityChange change, CancellationToken cancellationToken)
    {
        // The protocol only sends when the fresh read shows ExpectedCurrent, so this is target − current from that read.
        var unitChange = (int)(change.NewQuantity - current.Line.Quantity);
        var body = new JsonObject
        {
            ["contractID"] = current.ContractId,
            ["contractServiceID"] = current.ContractServiceId,
            ["serviceID"] = current.ServiceId,
            ["effectiveDate"] = change.EffectiveDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00",
            ["unitChange"] = unitChange,
        };
        var apiBase = await ApiBaseAsync(cancellationToken);
        var request = Authorized(new HttpRequestMessage(HttpMethod.Post, new Uri(apiBase, "ContractServiceAdjustments"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        });
        return await WriteAsync(request, "no answer to POST /ContractServiceAdjustments (timeout or connection lost)", _ => null, cancellationToken);
    }

    protected override Task<UnitsSnapshot> ReadSnapshotAsync(string lineRef, DateOnly asOf, CancellationToken cancellationToken) =>
        ReadUnitsAsync(ParseRef(lineRef), asOf, cancellationToken);

    private async Task<UnitsSnapshot> ReadUnitsAsync(LineIds ids, DateOnly asOf, CancellationToken cancellationToken)
    {
        var units = await QueryAsync("ContractServiceUnits", [Eq("contractServiceID", ids.ContractService)], cancellationToken);
        return new UnitsSnapshot(ToLine(ids, null, null, null, units, asOf), ids.Contract, ids.ContractService, ids.Service);
    }

    private PsaLine ToLine(LineIds ids, JsonElement? contract, JsonElement? contractService, JsonElement? service, IEnumerable<JsonElement> units, DateOnly asOf)
    {
        var rows = units.Select(u => (Row: (JsonElement?)u, Start: DayOf(u.Prop("startDate").Date()), End: DayOf(u.Prop("endDate").Date()))).ToList();
        // After an adjustment the old row may end on the day the new one starts; the latest start wins.
        var covering = rows
            .Where(r => (r.Start is null || r.Start <= asOf) && (r.End is null || r.End >= asOf))
            .OrderByDescending(r => r.Start)
            .Select(r => r.Row)
            .FirstOrDefault();
        var quantity = covering.Prop("units").Decimal();
        var lastEnd = rows.Any(r => r.End is null) ? null : rows.Max(r => r.End);
        return Line(ids.Company, ids.Contract, [ids.ContractService, ids.Service], contract.Prop("contractName").String() ?? "", Time.GetUtcNow(),
            productCode: service.Prop("name").String() ?? ids.Service.ToString(CultureInfo.InvariantCulture),
            description: contractService.Prop("invoiceDescription").String() ?? service.Prop("description").String() ?? service.Prop("name").String() ?? "",
            quantity: quantity ?? 0m,
            unitPrice: contractService.Prop("unitPrice").Decimal() ?? service.Prop("unitPrice").Decimal() ?? 0m,
            readOnlyReason: quantity is null ? $"No ContractServiceUnits row covers {asOf:yyyy-MM-dd}, so the current unit count is unknown." : null) with
        {
            ProductId = ids.Service.ToString(CultureInfo.InvariantCulture),
            Status = contract is { } c && !IsActive(c) ? PsaLineStatus.AgreementInactive
                : covering is not null ? PsaLineStatus.Active
                : lastEnd is { } end && end < asOf ? PsaLineStatus.EndDated
                : rows.Count > 0 && rows.All(r => r.Start > asOf) ? PsaLineStatus.NotStarted
                : PsaLineStatus.Active,
            EndDate = covering is null ? lastEnd : null,
            AdditionMarker = contractService.Prop("internalDescription").String(),
        };
    }

    private static bool Covers(DateTimeOffset? start, DateTimeOffset? end, DateOnly date) =>
        (start is null || DateOnly.FromDateTime(start.Value.DateTime) <= date)
        && (end is null || DateOnly.FromDateTime(end.Value.DateTime) >= date);

    private static JsonObject Eq(string field, long value) => new() { ["op"] = "eq", ["field"] = field, ["value"] = value };

    private async Task<List<JsonElement>> QueryInAsync(string entity, string field, IEnumerable<long> values, CancellationToken cancellationToken)
    {
        var results = new List<JsonElement>();
        foreach (var chunk in values.Distinct().Chunk(MaxInListSize))
        {
            var filter = new JsonObject { ["op"] = "in", ["field"] = field, ["value"] = new JsonArray(chunk.Select(v => (JsonNode)v).ToArray()) };
            results.AddRange(await QueryAsync(entity, [filter], cancellationToken));
        }
        return results;
    }

    private async Task<List<JsonElement>> QueryAsync(string entity, JsonObject[] filter, CancellationToken cancellationToken)
    {
        var apiBase = await ApiBaseAsync(cancellationToken);
        var body = new JsonObject
        {
            ["MaxRecords"] = Math.Clamp(Options.PageSize, 1, 500),
            ["filter"] = new JsonArray(filter.Select(f => (JsonNode)f).ToArray()),
        };
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(apiBase, $"{entity}/query"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        var results = new List<JsonElement>();
        var seen = new HashSet<string>();
        while (true)
        {
            var response = await PsaHttp.ReadAsync(Client, Authorized(request), Kind, cancellationToken);
            results.AddRange(response.Body.Prop("items").Items());
            var next = response.Body.Prop("pageDetails").Prop("nextPageUrl").String();
            if (string.IsNullOrEmpty(next) || !seen.Add(next))
                return results;
            if (!Uri.TryCreate(apiBase, next, out var nextUri) || !string.Equals(nextUri.Authority, apiBase.Authority, StringComparison.OrdinalIgnoreCase))
                throw new PsaException(Kind, PsaFailureKind.Unexpected, $"Autotask pointed the next page at another host: {next}");
            request = new HttpRequestMessage(HttpMethod.Get, nextUri);
        }
    }

    private HttpRequestMessage Authorized(HttpRequestMessage request)
    {
        request.Headers.Add("ApiIntegrationCode", Options.ApiIntegrationCode);
        request.Headers.Add("UserName", Options.UserName);
        request.Headers.Add("Secret", Options.Secret);
        return request;
    }

    private async Task<Uri> ApiBaseAsync(CancellationToken cancellationToken)
    {
        if (_apiBase is { } known)
            return known;
        await _zoneLock.WaitAsync(cancellationToken);
        try
        {
            if (_apiBase is not null)
                return _apiBase;
            var lookup = new Uri(EnsureSlash(Options.ZoneLookupAddress), $"v1.0/zoneInformation?user={Uri.EscapeDataString(Options.UserName)}");
            var response = await PsaHttp.ReadAsync(Client, new HttpRequestMessage(HttpMethod.Get, lookup), Kind, cancellationToken);
            var url = response.Body.Prop("url").String();
            if (!Uri.TryCreate(url, UriKind.Absolute, out var zone))
                throw new PsaException(Kind, PsaFailureKind.Unexpected, $"The zone lookup gave no usable url: {PsaHttp.Truncate(response.RawBody)}");
            _apiBase = new Uri(EnsureSlash(zone), "v1.0/");
            return _apiBase;
        }
        finally
        {
            _zoneLock.Release();
        }
    }

    private static Uri EnsureSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");

    protected override PsaRejection ParseError(PsaResponse response)
    {
        // Documented as "an error string array"; parse objects too in case the shape differs.
        var errors = response.Body.Prop("errors").Items()
            .Select(e => e.ValueKind == JsonValueKind.String
                ? new PsaFieldError(null, null, e.GetString() ?? "")
                : new PsaFieldError(((JsonElement?)e).Prop("field").String(), ((JsonElement?)e).Prop("code").String(), ((JsonElement?)e).Prop("message").String() ?? e.GetRawText()))
            .ToList();
        return new PsaRejection((int)response.Status, ((int)response.Status).ToString(CultureInfo.InvariantCulture),
            errors.Count > 0 ? string.Join("; ", errors.Select(e => e.Message)) : PsaHttp.Truncate(response.RawBody), errors);
    }

    private LineIds ParseRef(string lineRef)
    {
        var ids = LineRefs.Parse(lineRef);
        return new LineIds(ids[0], ids[1], ids[2], ids[3]);
    }
}
