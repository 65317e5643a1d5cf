namespace LedgerReconcile.Simulators.Psa.Syncro;

public sealed class SyncroSimulatorOptions
{
    public string ApiToken { get; set; } = "sim-syncro-token";

    /// <summary>Schedules per page; Syncro's default is 25 and the client cannot choose.</summary>
    public int PerPage { get; set; } = 25;

    /// <summary>Whether GET /schedules embeds each schedule's lines; when false it sends <c>"lines": []</c>.</summary>
    public bool ListIncludesLines { get; set; } = true;

    public SyncroSeed Seed { get; set; } = SyncroSeed.Default();
}

/// <summary>
/// Syncro REST v1 invoice schedules: an API token in the Authorization header, page-numbered lists with a meta block,
/// and PUT of one schedule line item. An update validates the whole line item as Syncro does, so a body without the
/// line's name, or with the blank name of a legacy line, gets 422 <c>{"error":["Name can't be blank"]}</c>.
/// Only GET and that PUT are served; anything else (a DELETE of a schedule included) is answered 404 and logged.
/// </summary>
public sealed partial class SyncroSimulator : PsaSimulator
{
    private readonly SyncroSimulatorOptions _options;
    private readonly List<JsonObject> _lineItemUpdates = [];

    private SyncroSimulator(SyncroSimulatorOptions options)
    {
        _options = options;
        RateLimit = new SimulatedRateLimit(180, TimeSpan.FromMinutes(1));
    }

    /// <summary>The API root to configure the adapter with: <c>{BaseAddress}api/v1/</c>.</summary>
    public Uri ApiBase => new(BaseAddress, "api/v1/");

    public static Task<SyncroSimulator> StartAsync(SyncroSimulatorOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(new SyncroSimulator(options ?? new SyncroSimulatorOptions()), cancellationToken);

    /// <summary>Bodies of line-item PUTs that got past fault injection.</summary>
    public IReadOnlyList<JsonObject> LineItemUpdates => Locked(() => _lineItemUpdates.Select(u => (JsonObject)u.DeepClone()).ToList());

    public decimal Quantity(long lineId) => Locked(() => FindLine(lineId).Quantity);

    public string Name(long lineId) => Locked(() => FindLine(lineId).Name);

    /// <summary>A person's edit in Syncro: not counted as an applied write.</summary>
    public void SetQuantity(long lineId, decimal quantity) => Locked(() => EditByPerson(FindLine(lineId), quantity));

    /// <summary>Legacy data Syncro's validation no longer accepts, e.g. a blank name: every update of the line then gets 422.</summary>
    public void SetName(long lineId, string name) => Locked(() => FindLine(lineId).Name = name);

    protected override bool IsWrite(HttpRequest request) => !HttpMethods.IsGet(request.Method);

    protected override IResult Error(int statusCode, string message) => Results.Json(new { error = message }, statusCode: statusCode);

    protected override IResult? Authenticate(HttpContext context) =>
        context.Request.Headers.Authorization == $"Bearer {_options.ApiToken}"
            ? null
            : Results.Json(new { error = "Not authorized. Please provide a valid API key." }, statusCode: 401);

    protected override void MapEndpoints(WebApplication app)
    {
        var api = app.MapGroup("/api/v1");
        MapDirectoryEndpoints(api);
        api.MapGet("/schedules", (HttpContext context) =>
        {
            var query = context.Request.Query;
            var page = int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
            var perPage = Math.Max(1, _options.PerPage);
            lock (Gate)
            {
                var matching = _options.Seed.Schedules
                    .Where(s => !long.TryParse(query["customer_id"], NumberStyles.None, CultureInfo.InvariantCulture, out var customer) || s.CustomerId == customer)
                    .OrderBy(s => s.Id)
                    .ToList();
                return ListPage("schedules", matching.Select(s => ScheduleJson(s, _options.ListIncludesLines)).ToList(), page, perPage);
            }
        });
        api.MapGet("/schedules/{id:long}", (long id) =>
        {
            lock (Gate)
            {
                var schedule = _options.Seed.Schedules.FirstOrDefault(s => s.Id == id);
                return schedule is null ? NotFound() : Results.Json(new JsonObject { ["schedule"] = ScheduleJson(schedule, includeLines: true) });
            }
        });
        api.MapPut("/schedules/{id:long}/line_items/{lineId:long}", async (HttpContext context, long id, long lineId) =>
        {
            if (await ReadJsonAsync(context.Request) is not (true, JsonObject update))
                return Results.Json(new { error = "Invalid JSON" }, statusCode: 400);
            return await ServeWriteAsync(context, () => Apply(id, lineId, update));
        });
    }

    private IResult Apply(long scheduleId, long lineId, JsonObject update)
    {
        lock (Gate)
        {
            _lineItemUpdates.Add((JsonObject)update.DeepClone());
            var line = _options.Seed.Schedules.FirstOrDefault(s => s.Id == scheduleId)?.Lines.FirstOrDefault(l => l.Id == lineId);
            if (line is null)
                return NotFound();
            // A person's edit just before the PUT; the PUT then overwrites it (last writer wins).
            if (TakeEditOnNextWrite(lineId, out var edited))
                EditByPerson(line, edited);
            // Whether Syncro keeps the stored name when a body leaves it out is unconfirmed; the pessimistic reading
            // (the name goes blank and the whole-record validation fails) catches an adapter that omits it.
            var name = update["name"] is JsonValue sent && sent.GetValueKind() == JsonValueKind.String ? sent.GetValue<string>() : "";
            var quantity = update.ContainsKey("quantity") ? QuantityOf(update["quantity"]) : line.Quantity;
            var errors = new JsonArray();
            if (string.IsNullOrWhiteSpace(name))
                errors.Add("Name can't be blank");
            if (quantity is null)
                errors.Add("Quantity is not a number");
            if (errors.Count > 0)
                return Results.Json(new JsonObject { ["error"] = errors }, statusCode: 422);
            line.Name = name;
            line.Quantity = quantity!.Value;
            line.QuantityAsString = true;
            // Every saved PUT counts, whether or not it changed the quantity.
            CountAppliedWrite(lineId);
            return Results.Json(new JsonObject { ["schedule_line_item"] = LineJson(line, scheduleId) });
        }
    }

    private static void EditByPerson(SyncroLineItem line, decimal quantity)
    {
        line.Quantity = quantity;
        line.QuantityAsString = true;
    }

    private static decimal? QuantityOf(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.Number => value.GetValue<decimal>(),
        JsonValueKind.String when decimal.TryParse(value.GetValue<string>(), NumberStyles.Number, CultureInfo.InvariantCulture, out var q) => q,
        _ => null,
    };

    private static JsonObject ScheduleJson(SyncroSchedule schedule, bool includeLines) => new()
    {
        ["id"] = schedule.Id,
        ["customer_id"] = schedule.CustomerId,
        ["name"] = schedule.Name,
        ["frequency"] = schedule.Frequency,
        ["next_run"] = schedule.NextRun.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["paused"] = schedule.Paused,
        ["subtotal"] = schedule.Lines.Sum(l => l.Quantity * l.RetailCents) / 100m,
        ["lines"] = includeLines ? new JsonArray(schedule.Lines.Select(l => (JsonNode)LineJson(l, schedule.Id)).ToArray()) : new JsonArray(),
    };

    private static JsonObject LineJson(SyncroLineItem line, long scheduleId) => new()
    {
        ["id"] = line.Id,
        ["schedule_id"] = scheduleId,
        ["product_id"] = line.ProductId,
        ["name"] = line.Name,
        ["description"] = line.Description,
        // Syncro stores a decimal and renders it like "9.99" or "12.0".
        ["quantity"] = line.QuantityAsString ? JsonValue.Create(line.Quantity.ToString("0.0###", CultureInfo.InvariantCulture)) : JsonValue.Create(line.Quantity),
        ["retail_cents"] = line.RetailCents,
        ["cost_cents"] = line.CostCents,
        ["price_retail"] = line.RetailCents / 100m,
        ["price_cost"] = line.CostCents / 100m,
        ["taxable"] = line.Taxable,
        ["one_time_charge"] = line.OneTimeCharge,
        ["position"] = line.Position,
        ["user_id"] = null,
        ["asset_type_id"] = null,
        ["recurring_type_id"] = line.RecurringTypeId,
        ["saved_asset_search_id"] = null,
        ["contact_field_type_id"] = null,
        ["contact_field_answer_id"] = null,
    };

    private static IResult NotFound() => Results.Json(new { error = "Not found" }, statusCode: 404);

    private SyncroLineItem FindLine(long lineId) =>
        _options.Seed.Schedules.SelectMany(s => s.Lines).FirstOrDefault(l => l.Id == lineId)
        ?? throw new ArgumentException($"No line item {lineId} in the seed.", nameof(lineId));
}
