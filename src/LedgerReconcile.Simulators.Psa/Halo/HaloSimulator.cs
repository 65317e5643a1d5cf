namespace LedgerReconcile.Simulators.Psa.Halo;

public sealed class HaloSimulatorOptions
{
    public string ClientId { get; set; } = "ledgersim-app";
    public string ClientSecret { get; set; } = "sim-secret";

    /// <summary>The expires_in of issued tokens; an expired token gets 401.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public HaloSeed Seed { get; set; } = HaloSeed.Default();
}

/// <summary>
/// HaloPSA: client-credentials tokens at /auth/token, bearer auth on /api, recurring invoices with lines, and
/// POST /api/RecurringInvoice as the only update. A posted invoice's lines replace the stored ones: a line left out
/// is deleted (the pessimistic reading of unconfirmed Halo behaviour, so an adapter that drops lines is caught).
/// </summary>
public sealed partial class HaloSimulator : PsaSimulator
{
    private readonly HaloSimulatorOptions _options;
    private readonly Dictionary<string, DateTimeOffset> _tokens = [];
    private readonly List<JsonArray> _posts = [];
    private int _tokensIssued;
    private int _unauthorized;

    private HaloSimulator(HaloSimulatorOptions options)
    {
        _options = options;
        RateLimit = new SimulatedRateLimit(300, TimeSpan.FromMinutes(5));
    }

    public static Task<HaloSimulator> StartAsync(HaloSimulatorOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(new HaloSimulator(options ?? new HaloSimulatorOptions()), cancellationToken);

    public int TokensIssued => Locked(() => _tokensIssued);

    /// <summary>API requests refused with 401 (missing, unknown, expired or revoked token).</summary>
    public int UnauthorizedResponses => Locked(() => _unauthorized);

    /// <summary>Bodies of POST /api/RecurringInvoice that got past fault injection.</summary>
    public IReadOnlyList<JsonArray> Posts => Locked(() => _posts.Select(p => (JsonArray)p.DeepClone()).ToList());

    public decimal Quantity(long lineId) => Locked(() => FindLine(lineId)["qty_order"]!.GetValue<decimal>());

    /// <summary>A copy of the line as stored.</summary>
    public JsonObject Line(long lineId) => Locked(() => (JsonObject)FindLine(lineId).DeepClone());

    /// <summary>A person's edit in Halo: not counted as an applied write.</summary>
    public void SetQuantity(long lineId, decimal quantity) => Locked(() => FindLine(lineId)["qty_order"] = quantity);

    /// <summary>Makes every issued token invalid, as after a revocation or a server-side session purge.</summary>
    public void RevokeAllTokens() => Locked(_tokens.Clear);

    protected override bool IsWrite(HttpRequest request) => HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/api");

    protected override bool IsInfrastructure(HttpRequest request) => request.Path.StartsWithSegments("/auth");

    protected override IResult Error(int statusCode, string message) =>
        statusCode == 429
            ? Results.Text("Rate Limit Reached - 300 Requests per rolling 5 minute window", statusCode: 429)
            : Results.Json(new { error = message }, statusCode: statusCode);

    protected override IResult? Authenticate(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        lock (Gate)
        {
            if (header.StartsWith("Bearer ", StringComparison.Ordinal)
                && _tokens.TryGetValue(header["Bearer ".Length..], out var expires) && expires > DateTimeOffset.UtcNow)
                return null;
            _unauthorized++;
        }
        return Results.Json(new { error = "Unauthorized" }, statusCode: 401);
    }

    protected override void MapEndpoints(WebApplication app)
    {
        MapClientEndpoints(app);
        app.MapPost("/auth/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            if (form["grant_type"] != "client_credentials" || form["client_id"] != _options.ClientId || form["client_secret"] != _options.ClientSecret)
                return Results.Json(new { error = "invalid_client" }, statusCode: 400);
            var token = Guid.NewGuid().ToString("N");
            lock (Gate)
            {
                _tokens[token] = DateTimeOffset.UtcNow + _options.TokenLifetime;
                _tokensIssued++;
            }
            return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = (int)_options.TokenLifetime.TotalSeconds, scope = form["scope"].ToString() });
        });

        app.MapGet("/api/RecurringInvoice", (HttpContext context) =>
        {
            var query = context.Request.Query;
            var includeLines = string.Equals(query["includelines"], "true", StringComparison.OrdinalIgnoreCase);
            lock (Gate)
            {
                var matching = _options.Seed.Invoices
                    .Where(i => !long.TryParse(query["client_id"], out var client) || i["client_id"]!.GetValue<long>() == client)
                    .OrderBy(i => i["id"]!.GetValue<long>())
                    .ToList();
                IEnumerable<JsonObject> page = matching;
                if (string.Equals(query["pageinate"], "true", StringComparison.OrdinalIgnoreCase))
                {
                    var size = int.TryParse(query["page_size"], out var s) && s > 0 ? s : 50;
                    var number = int.TryParse(query["page_no"], out var n) && n > 0 ? n : 1;
                    page = matching.Skip((number - 1) * size).Take(size);
                }
                var invoices = page.Select(i =>
                {
                    var copy = (JsonObject)i.DeepClone();
                    if (!includeLines)
                        copy.Remove("lines");
                    return (JsonNode)copy;
                }).ToArray();
                return Results.Json(new JsonObject { ["record_count"] = matching.Count, ["invoices"] = new JsonArray(invoices) });
            }
        });

        app.MapGet("/api/RecurringInvoice/{id:long}", (long id) =>
        {
            lock (Gate)
            {
                var invoice = _options.Seed.Invoices.FirstOrDefault(i => i["id"]!.GetValue<long>() == id);
                return invoice is null ? Results.Json(new { error = $"Recurring invoice {id} not found" }, statusCode: 404) : Results.Json(invoice.DeepClone());
            }
        });

        app.MapPost("/api/RecurringInvoice", async (HttpContext context) =>
        {
            var (isJson, body) = await ReadJsonAsync(context.Request);
            if (!isJson)
                return Results.Json(new JsonObject { ["body"] = "The body is not JSON." }, statusCode: 400);
            if (body is not JsonArray invoices)
                return Results.Json(new JsonObject { ["body"] = "The body must be an array." }, statusCode: 400);
            return await ServeWriteAsync(context, () => ApplyPost(invoices));
        });
    }

    private IResult ApplyPost(JsonArray posted)
    {
        lock (Gate)
        {
            _posts.Add((JsonArray)posted.DeepClone());
            var saved = new JsonArray();
            for (var index = 0; index < posted.Count; index++)
            {
                if (posted[index] is not JsonObject update || update["id"] is not JsonValue idValue || !idValue.TryGetValue<long>(out var id))
                    return Results.Json(new JsonObject { [$"[{index}].id"] = "An existing recurring invoice id is required." }, statusCode: 400);
                var invoice = _options.Seed.Invoices.FirstOrDefault(i => i["id"]!.GetValue<long>() == id);
                if (invoice is null)
                    return Results.Json(new JsonObject { [$"[{index}].id"] = $"Recurring invoice {id} not found." }, statusCode: 400);
                if (update["lines"] is JsonArray lines)
                {
                    var stored = invoice["lines"]!.AsArray();
                    foreach (var line in stored.OfType<JsonObject>())
                    {
                        // A person's edit just before the post; the post then overwrites it (last writer wins).
                        if (TakeEditOnNextWrite(line["id"]!.GetValue<long>(), out var edited))
                            line["qty_order"] = edited;
                    }
                    var replacement = new JsonArray();
                    foreach (var line in lines.OfType<JsonObject>())
                    {
                        var lineId = line["id"] is JsonValue v && v.TryGetValue<long>(out var l) ? l : 0;
                        var before = stored.OfType<JsonObject>().FirstOrDefault(s => s["id"]!.GetValue<long>() == lineId);
                        var after = (JsonObject)line.DeepClone();
                        after["ihid"] = id;
                        // A line without an id is a new one: Halo gives it the next id.
                        if (lineId <= 0)
                            after["id"] = lineId = NextLineId();
                        if (before is null || !JsonNode.DeepEquals(before, after))
                            CountAppliedWrite(lineId);
                        replacement.Add(after);
                    }
                    invoice["lines"] = replacement;
                }
                saved.Add(invoice.DeepClone());
            }
            return Results.Json(saved);
        }
    }

    private JsonObject FindLine(long lineId) =>
        _options.Seed.Invoices.SelectMany(i => i["lines"]!.AsArray().OfType<JsonObject>())
            .FirstOrDefault(l => l["id"]!.GetValue<long>() == lineId)
        ?? throw new ArgumentException($"No line {lineId} in the seed.", nameof(lineId));
}
