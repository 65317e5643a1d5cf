using static LedgerReconcile.Simulators.Psa.Autotask.AutotaskQueryFilter;

namespace LedgerReconcile.Simulators.Psa.Autotask;

public sealed class AutotaskSimulatorOptions
{
    public string UserName { get; set; } = "api-user@ledgersim.example";
    public string Secret { get; set; } = "sim-secret";
    public string ApiIntegrationCode { get; set; } = "SIMTRACKINGID";

    /// <summary>Time each query spends "in" Autotask, so concurrent requests overlap.</summary>
    public TimeSpan QueryLatency { get; set; } = TimeSpan.Zero;

    public AutotaskSeed Seed { get; set; } = AutotaskSeed.Default();
}

/// <summary>
/// Autotask REST v1.0: zone lookup, header auth, POST /{Entity}/query with filter JSON and nextPageUrl paging, and
/// ContractServiceAdjustments that change ContractServiceUnits by a delta from an effective date. Errors are
/// 500 with an "errors" string array, as documented.
/// </summary>
public sealed partial class AutotaskSimulator : PsaSimulator
{
    private const string ZonePath = "ws5/atservicesrest";
    private readonly AutotaskSimulatorOptions _options;
    private readonly List<AutotaskAdjustment> _adjustments = [];
    private readonly Dictionary<long, string> _rejectAdjustments = [];
    private readonly Dictionary<string, (int Now, int Max)> _inFlight = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (List<JsonObject> Results, int Offset, int PageSize, string Entity)> _pages = [];

    private AutotaskSimulator(AutotaskSimulatorOptions options)
    {
        _options = options;
        RateLimit = new SimulatedRateLimit(10_000, TimeSpan.FromHours(1));
    }

    /// <summary>Where the zone lookup lives (the adapter's ZoneLookupAddress); the API itself is at another path.</summary>
    public Uri ZoneLookupAddress => new(BaseAddress, "atservicesrest/");

    public static Task<AutotaskSimulator> StartAsync(AutotaskSimulatorOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(new AutotaskSimulator(options ?? new AutotaskSimulatorOptions()), cancellationToken);

    /// <summary>Every adjustment applied through the API; <see cref="PsaSimulator.AppliedWrites"/> counts them per contract service.</summary>
    public IReadOnlyList<AutotaskAdjustment> Adjustments => Locked(() => _adjustments.ToList());

    public int Units(long contractServiceId, DateOnly date) =>
        Locked(() => Covering(contractServiceId, date)?.Units ?? throw new ArgumentException($"No units row covers {date}."));

    /// <summary>A person's change in Autotask from <paramref name="date"/> on; not counted as an applied write.</summary>
    public void SetUnits(long contractServiceId, DateOnly date, int units) =>
        Locked(() => Adjust(contractServiceId, date, units - Units(contractServiceId, date)));

    /// <summary>Every adjustment for this contract service fails validation (500 with this message), as for a posted period.</summary>
    public void RejectAdjustments(long contractServiceId, string message) => Locked(() => _rejectAdjustments[contractServiceId] = message);

    /// <summary>The most requests that were in flight at once for one object endpoint (e.g. "ContractServiceUnits").</summary>
    public int MaxConcurrentRequests(string entity) => Locked(() => _inFlight.TryGetValue(entity, out var count) ? count.Max : 0);

    protected override bool IsWrite(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (request.Path.Value?.EndsWith("/ContractServiceAdjustments", StringComparison.OrdinalIgnoreCase) == true
            || request.Path.Value?.EndsWith("/Services", StringComparison.OrdinalIgnoreCase) == true);

    protected override IResult Error(int statusCode, string message) => Results.Json(new { errors = new[] { message } }, statusCode: statusCode);

    protected override IResult? Authenticate(HttpContext context)
    {
        if (context.Request.Path.Value?.EndsWith("/zoneInformation", StringComparison.OrdinalIgnoreCase) == true)
            return null;
        var headers = context.Request.Headers;
        return headers["ApiIntegrationCode"] == _options.ApiIntegrationCode && headers["UserName"] == _options.UserName && headers["Secret"] == _options.Secret
            ? null
            : Error(401, "User authentication failed.");
    }

    protected override void MapEndpoints(WebApplication app)
    {
        app.MapGet("/atservicesrest/v1.0/zoneInformation", (string? user) =>
            user == _options.UserName
                ? Results.Json(new { zoneName = "Simulated Zone 5", url = new Uri(BaseAddress, ZonePath + "/").ToString(), webUrl = BaseAddress.ToString(), ci = 5 })
                : Error(500, $"Zone information could not be determined for user {user}."));

        var api = app.MapGroup($"/{ZonePath}/v1.0");
        api.MapPost("/{entity}/query", async (HttpContext context, string entity) =>
        {
            using var tracked = Track(entity);
            await Task.Delay(_options.QueryLatency);
            var (body, refused) = await ReadObjectAsync(context.Request, "The query body");
            if (body is null)
                return refused!;
            var pageSize = Math.Clamp(Get(body, "MaxRecords")?.GetValue<int>() ?? 500, 1, 500);
            var filter = Get(body, "filter") as JsonArray ?? [];
            lock (Gate)
            {
                if (Entities(entity) is not { } all)
                    return Error(404, $"Unknown entity {entity}.");
                List<JsonObject> results;
                try
                {
                    results = all.Where(item => filter.All(f => Matches(item, f!))).OrderBy(i => i["id"]!.GetValue<long>()).ToList();
                }
                catch (InvalidOperationException ex)
                {
                    return Error(500, ex.Message);
                }
                return PageOf(context, entity, results, 0, pageSize);
            }
        });
        api.MapGet("/{entity}/query/next", async (HttpContext context, string entity, string paging) =>
        {
            using var tracked = Track(entity);
            await Task.Delay(_options.QueryLatency);
            lock (Gate)
            {
                if (!_pages.Remove(paging, out var page) || !page.Entity.Equals(entity, StringComparison.OrdinalIgnoreCase))
                    return Error(500, "The paging token is not valid.");
                return PageOf(context, entity, page.Results, page.Offset, page.PageSize);
            }
        });
        api.MapPost("/ContractServiceAdjustments", async (HttpContext context) =>
        {
            using var tracked = Track("ContractServiceAdjustments");
            var (body, refused) = await ReadObjectAsync(context.Request, "The body");
            if (body is null)
                return refused!;
            return await ServeWriteAsync(context, () => ApplyAdjustment(body));
        });
        MapContractServiceCreation(api);
    }

    private async Task<(JsonObject? Body, IResult? Refused)> ReadObjectAsync(HttpRequest request, string what)
    {
        try
        {
            return JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync()) is JsonObject body
                ? (body, null)
                : (null, Error(500, $"{what} is not a JSON object."));
        }
        catch (JsonException)
        {
            return (null, Error(500, $"{what} is not JSON."));
        }
    }

    private IResult ApplyAdjustment(JsonObject body)
    {
        lock (Gate)
        {
            long? Long(string name) => Get(body, name) is JsonValue v && v.TryGetValue<long>(out var l) ? l : null;
            var contractServiceId = Long("contractServiceID");
            var contractService = _options.Seed.ContractServices.FirstOrDefault(cs => cs.Id == contractServiceId);
            if (contractService is null)
                return Error(500, "contractServiceID does not reference an existing ContractService.");
            if (Long("contractID") != contractService.ContractId || Long("serviceID") != contractService.ServiceId)
                return Error(500, "contractID and serviceID must match the ContractService.");
            if (Get(body, "unitChange") is not JsonValue change || change.GetValueKind() != JsonValueKind.Number || !change.TryGetValue<int>(out var unitChange))
                return Error(500, "unitChange must be an integer.");
            if (Get(body, "effectiveDate")?.GetValue<string>() is not { } dateText
                || !DateTime.TryParse(dateText, CultureInfo.InvariantCulture, DateTimeStyles.None, out var effective))
                return Error(500, "effectiveDate is required.");
            var date = DateOnly.FromDateTime(effective);
            if (_rejectAdjustments.TryGetValue(contractService.Id, out var rejection))
                return Error(500, rejection);
            // A person set the units just before the adjustment arrived; Autotask then applies the delta anyway.
            if (TakeEditOnNextWrite(contractService.Id, out var edited) && Covering(contractService.Id, date) is { } row)
                Adjust(contractService.Id, date, (int)edited - row.Units);
            if (Covering(contractService.Id, date) is not { } covering)
                return Error(500, "The effective date is outside every period of the contract service.");
            if (covering.Units + unitChange < 0)
                return Error(500, "The adjustment would make the unit count negative.");
            Adjust(contractService.Id, date, unitChange);
            var adjustment = new AutotaskAdjustment(900_000 + _adjustments.Count, contractService.ContractId, contractService.Id, contractService.ServiceId, date, unitChange);
            _adjustments.Add(adjustment);
            CountAppliedWrite(contractService.Id);
            return Results.Json(new { itemId = adjustment.Id });
        }
    }

    /// <summary>
    /// An adjustment starts a new units row on its effective date, running to the end of the period it falls in;
    /// later periods carry the change too.
    /// </summary>
    private void Adjust(long contractServiceId, DateOnly date, int unitChange)
    {
        if (unitChange == 0)
            return;
        var covering = Covering(contractServiceId, date) ?? throw new InvalidOperationException($"No units row covers {date}.");
        if (covering.StartDate < date)
        {
            var split = new AutotaskUnitsRow
            {
                Id = 200_000 + _options.Seed.Units.Count,
                ContractId = covering.ContractId,
                ContractServiceId = contractServiceId,
                ServiceId = covering.ServiceId,
                StartDate = date,
                EndDate = covering.EndDate,
                Units = covering.Units,
            };
            covering.EndDate = date.AddDays(-1);
            _options.Seed.Units.Add(split);
        }
        foreach (var row in _options.Seed.Units.Where(r => r.ContractServiceId == contractServiceId && r.StartDate >= date))
            row.Units += unitChange;
    }

    private AutotaskUnitsRow? Covering(long contractServiceId, DateOnly date) =>
        _options.Seed.Units.Where(r => r.ContractServiceId == contractServiceId && r.StartDate <= date && r.EndDate >= date)
            .OrderByDescending(r => r.StartDate).FirstOrDefault();

    private IResult PageOf(HttpContext context, string entity, List<JsonObject> results, int offset, int pageSize)
    {
        var items = results.Skip(offset).Take(pageSize).Select(i => (JsonNode)i.DeepClone()).ToArray();
        string? next = null;
        if (offset + pageSize < results.Count)
        {
            var token = Guid.NewGuid().ToString("N");
            _pages[token] = (results, offset + pageSize, pageSize, entity);
            next = new Uri(BaseAddress, $"{ZonePath}/v1.0/{entity}/query/next?paging={token}").ToString();
        }
        return Results.Json(new JsonObject
        {
            ["items"] = new JsonArray(items),
            ["pageDetails"] = new JsonObject { ["count"] = items.Length, ["requestCount"] = pageSize, ["prevPageUrl"] = null, ["nextPageUrl"] = next },
        });
    }

    private List<JsonObject>? Entities(string entity)
    {
        var seed = _options.Seed;
        static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00";
        return entity.ToLowerInvariant() switch
        {
            "companies" => seed.Companies.Select(c => new JsonObject { ["id"] = c.Id, ["companyName"] = c.CompanyName, ["isActive"] = c.IsActive }).ToList(),
            "contracts" => seed.Contracts.Select(c => new JsonObject
            {
                ["id"] = c.Id, ["companyID"] = c.CompanyId, ["contractName"] = c.ContractName, ["contractType"] = c.ContractType,
                ["status"] = c.Status, ["startDate"] = Date(c.StartDate), ["endDate"] = Date(c.EndDate),
            }).ToList(),
            "services" => seed.Services.Select(s => new JsonObject
            {
                ["id"] = s.Id, ["name"] = s.Name, ["description"] = s.Description, ["unitPrice"] = s.UnitPrice, ["isActive"] = true,
            }).ToList(),
            "contractservices" => seed.ContractServices.Select(cs => new JsonObject
            {
                ["id"] = cs.Id, ["contractID"] = cs.ContractId, ["serviceID"] = cs.ServiceId, ["unitPrice"] = cs.UnitPrice,
                ["unitCost"] = decimal.Round(cs.UnitPrice * 0.6m, 2), ["invoiceDescription"] = cs.InvoiceDescription, ["internalDescription"] = cs.InternalDescription,
            }).ToList(),
            "contractserviceunits" => seed.Units.Select(u => new JsonObject
            {
                ["id"] = u.Id, ["contractID"] = u.ContractId, ["contractServiceID"] = u.ContractServiceId, ["serviceID"] = u.ServiceId,
                ["startDate"] = Date(u.StartDate), ["endDate"] = Date(u.EndDate), ["units"] = u.Units,
                ["price"] = seed.ContractServices.First(cs => cs.Id == u.ContractServiceId).UnitPrice, ["approveAndPostDate"] = null,
            }).ToList(),
            _ => null,
        };
    }

    private Tracked Track(string entity)
    {
        lock (Gate)
        {
            var (now, max) = _inFlight.GetValueOrDefault(entity);
            _inFlight[entity] = (now + 1, Math.Max(max, now + 1));
        }
        return new Tracked(this, entity);
    }

    private sealed class Tracked(AutotaskSimulator simulator, string entity) : IDisposable
    {
        public void Dispose()
        {
            lock (simulator.Gate)
            {
                var (now, max) = simulator._inFlight[entity];
                simulator._inFlight[entity] = (now - 1, max);
            }
        }
    }
}
