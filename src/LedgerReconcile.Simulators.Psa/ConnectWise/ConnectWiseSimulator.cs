using System.Text;

namespace LedgerReconcile.Simulators.Psa.ConnectWise;

public sealed class ConnectWiseSimulatorOptions
{
    public string Codebase { get; set; } = "v4_6_release";
    public string CompanyId { get; set; } = "ledgersim";
    public string PublicKey { get; set; } = "sim-public";
    public string PrivateKey { get; set; } = "sim-private";
    public string ClientId { get; set; } = "5f0b3a0c-8f4e-4d57-9a3c-7c1f0b2e6d11";
    public ConnectWiseSeed Seed { get; set; } = ConnectWiseSeed.Default();
}

/// <summary>
/// ConnectWise PSA 3.0 agreements and additions: Basic auth plus clientId, conditions, page/pageSize with a Link
/// header, JSON-Patch PATCH of an addition, and whole-record validation on PATCH.
/// </summary>
public sealed partial class ConnectWiseSimulator : PsaSimulator
{
    private readonly ConnectWiseSimulatorOptions _options;

    private ConnectWiseSimulator(ConnectWiseSimulatorOptions options) => _options = options;

    /// <summary>The API root to configure the adapter with: <c>{BaseAddress}{codebase}/apis/3.0/</c>.</summary>
    public Uri ApiBase => new(BaseAddress, $"{_options.Codebase}/apis/3.0/");

    public static Task<ConnectWiseSimulator> StartAsync(ConnectWiseSimulatorOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(new ConnectWiseSimulator(options ?? new ConnectWiseSimulatorOptions()), cancellationToken);

    public decimal? Quantity(int additionId) => Locked(() => Addition(additionId).Quantity);

    /// <summary>A person's edit in the PSA: not counted as an applied write.</summary>
    public void SetQuantity(int additionId, decimal? quantity) => Locked(() => EditByPerson(Addition(additionId), quantity));

    /// <summary>Gives the addition a legacy value that fails whole-record validation on every PATCH (e.g. an over-long serialNumber).</summary>
    public void BreakRecordValidation(int additionId, string field = "serialNumber") => Locked(() => Addition(additionId).InvalidField = field);

    protected override bool IsWrite(HttpRequest request) => !HttpMethods.IsGet(request.Method);

    protected override IResult Error(int statusCode, string message) =>
        Results.Json(new { code = statusCode == 429 ? "TooManyRequests" : "UnexpectedError", message, errors = Array.Empty<object>() }, statusCode: statusCode);

    protected override IResult? Authenticate(HttpContext context)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.CompanyId}+{_options.PublicKey}:{_options.PrivateKey}"));
        if (context.Request.Headers.Authorization != expected)
            return Results.Json(new { code = "Unauthorized", message = "Basic credentials are not valid." }, statusCode: 401);
        if (context.Request.Headers["clientId"] != _options.ClientId)
            return Results.Json(new { code = "Unauthorized", message = "A valid clientId header is required." }, statusCode: 401);
        return null;
    }

    protected override void MapEndpoints(WebApplication app)
    {
        var api = app.MapGroup($"/{_options.Codebase}/apis/3.0");
        MapDirectoryEndpoints(api);
        api.MapGet("/finance/agreements", (HttpContext context) =>
        {
            if (Conditions(context) is not { } conditions)
                return BadCondition();
            lock (Gate)
            {
                var matching = _options.Seed.Agreements.Where(a => conditions.All(c => c.Field switch
                {
                    "company/id" => c.Value == a.CompanyId.ToString(CultureInfo.InvariantCulture),
                    "agreementstatus" => c.Value.Equals(a.AgreementStatus, StringComparison.OrdinalIgnoreCase),
                    "id" => c.Value == a.Id.ToString(CultureInfo.InvariantCulture),
                    _ => false,
                })).OrderBy(a => a.Id).Select(AgreementJson).ToList();
                if (conditions.Any(c => c.Field is not ("company/id" or "agreementstatus" or "id")))
                    return BadCondition();
                return Page(context, matching);
            }
        });
        api.MapGet("/finance/agreements/{id:int}", (int id) =>
        {
            lock (Gate)
            {
                var agreement = _options.Seed.Agreements.FirstOrDefault(a => a.Id == id);
                return agreement is null ? NotFound("agreement", id) : Results.Json(AgreementJson(agreement));
            }
        });
        api.MapGet("/finance/agreements/{agreementId:int}/additions", (HttpContext context, int agreementId) =>
        {
            if (Conditions(context) is not { } conditions || conditions.Any(c => c.Field is not ("agreementstatus" or "product/id" or "product/identifier")))
                return BadCondition();
            lock (Gate)
            {
                if (_options.Seed.Agreements.All(a => a.Id != agreementId))
                    return NotFound("agreement", agreementId);
                var matching = _options.Seed.Additions.Where(a => a.AgreementId == agreementId)
                    .Where(a => conditions.All(c => c.Field switch
                    {
                        "agreementstatus" => c.Value.Equals(StatusOf(a), StringComparison.OrdinalIgnoreCase),
                        "product/id" => c.Value == a.ProductId.ToString(CultureInfo.InvariantCulture),
                        _ => c.Value.Equals(a.ProductIdentifier, StringComparison.OrdinalIgnoreCase),
                    }))
                    .OrderBy(a => a.Id).Select(AdditionJson).ToList();
                return Page(context, matching);
            }
        });
        api.MapGet("/finance/agreements/{agreementId:int}/additions/{id:int}", (int agreementId, int id) =>
        {
            lock (Gate)
            {
                var addition = _options.Seed.Additions.FirstOrDefault(a => a.Id == id && a.AgreementId == agreementId);
                return addition is null ? NotFound("addition", id) : Results.Json(AdditionJson(addition));
            }
        });
        api.MapPatch("/finance/agreements/{agreementId:int}/additions/{id:int}", async (HttpContext context, int agreementId, int id) =>
        {
            var (isJson, body) = await ReadJsonAsync(context.Request);
            if (!isJson)
                return Invalid("Body is not JSON.", null);
            if (body is not JsonArray operations || operations.Count == 0)
                return Invalid("The body must be an array of patch operations.", null);
            decimal? quantity = null;
            foreach (var operation in operations)
            {
                var op = operation?["op"]?.GetValue<string>();
                var path = operation?["path"]?.GetValue<string>()?.TrimStart('/');
                if (op != "replace" || path != "quantity")
                    return Invalid($"Unsupported patch operation {op} {path}.", path);
                if (operation!["value"] is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || value.GetValue<decimal>() < 0)
                    return Invalid("quantity must be a non-negative number.", "quantity");
                quantity = value.GetValue<decimal>();
            }
            return await ServeWriteAsync(context, () =>
            {
                lock (Gate)
                {
                    var addition = _options.Seed.Additions.FirstOrDefault(a => a.Id == id && a.AgreementId == agreementId);
                    if (addition is null)
                        return NotFound("addition", id);
                    // A PATCH with an edit waiting finds the person's value and then applies as usual: ConnectWise has no compare-and-set.
                    if (TakeEditOnNextWrite(id, out var edited))
                        EditByPerson(addition, edited);
                    if (addition.InvalidField is { } field)
                    {
                        return Results.Json(new
                        {
                            code = "InvalidObject",
                            message = "addition object is invalid",
                            errors = new[] { new { code = "InvalidField", message = $"The field {field} is not valid.", resource = "addition", field } },
                        }, statusCode: 400);
                    }
                    addition.Quantity = quantity;
                    addition.LastUpdated = DateTimeOffset.UtcNow;
                    addition.UpdatedBy = "api";
                    CountAppliedWrite(id);
                    return Results.Json(AdditionJson(addition));
                }
            });
        });
    }

    private static void EditByPerson(ConnectWiseAddition addition, decimal? quantity)
    {
        addition.Quantity = quantity;
        addition.UpdatedBy = "a.person";
    }

    private ConnectWiseAddition Addition(int id) =>
        _options.Seed.Additions.FirstOrDefault(a => a.Id == id) ?? throw new ArgumentException($"No addition {id} in the seed.", nameof(id));

    private static string StatusOf(ConnectWiseAddition addition) =>
        addition.CancelledDate is { } cancelled && cancelled <= DateTimeOffset.UtcNow ? "Cancelled" : "Active";

    private JsonObject AgreementJson(ConnectWiseAgreement agreement)
    {
        var company = _options.Seed.Companies.First(c => c.Id == agreement.CompanyId);
        return new JsonObject
        {
            ["id"] = agreement.Id,
            ["name"] = agreement.Name,
            ["type"] = new JsonObject { ["id"] = agreement.TypeId, ["name"] = agreement.TypeName },
            ["company"] = new JsonObject { ["id"] = company.Id, ["identifier"] = company.Identifier, ["name"] = company.Name },
            ["agreementStatus"] = agreement.AgreementStatus,
            ["cancelledFlag"] = agreement.AgreementStatus == "Cancelled",
            ["startDate"] = "2026-01-01T00:00:00Z",
            ["endDate"] = agreement.EndDate?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["noEndingDateFlag"] = agreement.EndDate is null,
            ["prorateFlag"] = false,
            ["_info"] = new JsonObject { ["lastUpdated"] = "2026-01-01T00:00:00Z" },
        };
    }

    private static JsonObject AdditionJson(ConnectWiseAddition a) => new()
    {
        ["id"] = a.Id,
        ["product"] = new JsonObject { ["id"] = a.ProductId, ["identifier"] = a.ProductIdentifier, ["_info"] = new JsonObject() },
        ["quantity"] = a.Quantity is { } q ? JsonValue.Create((double)q) : null,
        ["lessIncluded"] = 0.0,
        ["unitPrice"] = (double)a.UnitPrice,
        ["unitCost"] = (double)a.UnitCost,
        ["extPrice"] = (double)((a.Quantity ?? 0) * a.UnitPrice),
        ["billCustomer"] = a.BillCustomer,
        ["effectiveDate"] = a.EffectiveDate.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["cancelledDate"] = a.CancelledDate?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["taxableFlag"] = true,
        ["description"] = a.Description,
        ["invoiceDescription"] = a.Description,
        ["agreementId"] = a.AgreementId,
        ["agreementStatus"] = StatusOf(a),
        ["_info"] = new JsonObject
        {
            ["lastUpdated"] = a.LastUpdated.ToString("O", CultureInfo.InvariantCulture),
            ["updatedBy"] = a.UpdatedBy,
        },
    };

    private static IResult Page(HttpContext context, List<JsonObject> all)
    {
        var page = int.TryParse(context.Request.Query["page"], out var p) && p > 0 ? p : 1;
        var pageSize = int.TryParse(context.Request.Query["pageSize"], out var s) && s > 0 ? Math.Min(s, 1000) : 25;
        var items = all.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        var lastPage = Math.Max(1, (all.Count + pageSize - 1) / pageSize);
        string Link(int n)
        {
            var query = context.Request.Query.Where(q => q.Key is not ("page" or "pageSize"))
                .Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}")
                .Append($"pageSize={pageSize}").Append($"page={n}");
            return $"<{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}?{string.Join('&', query)}>";
        }
        var links = new List<string>();
        if (page < lastPage)
            links.Add($"{Link(page + 1)}; rel=\"next\"");
        links.Add($"{Link(lastPage)}; rel=\"last\"");
        if (page > 1)
            links.Add($"{Link(1)}; rel=\"first\"");
        context.Response.Headers.Append("Link", string.Join(", ", links));
        return Results.Json(new JsonArray(items.Select(i => (JsonNode)i).ToArray()));
    }

    private sealed record Condition(string Field, string Value);

    /// <summary>Parses the simple <c>field=value AND field='value'</c> subset; anything else is a bad condition.</summary>
    private static List<Condition>? Conditions(HttpContext context)
    {
        var text = context.Request.Query["conditions"].ToString();
        var conditions = new List<Condition>();
        if (string.IsNullOrWhiteSpace(text))
            return conditions;
        foreach (var part in text.Split(" AND ", StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
                return null;
            var field = part[..equals].Trim().ToLowerInvariant();
            var value = part[(equals + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '\'' || value[0] == '"') && value[^1] == value[0])
                value = value[1..^1];
            conditions.Add(new Condition(field, value));
        }
        return conditions;
    }

    private static IResult BadCondition() =>
        Results.Json(new { code = "InvalidCondition", message = "conditions contains an unknown field.", errors = Array.Empty<object>() }, statusCode: 400);

    private static IResult NotFound(string resource, int id) =>
        Results.Json(new { code = "NotFound", message = $"{resource} {id} was not found." }, statusCode: 404);

    private static IResult Invalid(string message, string? field) =>
        Results.Json(new { code = "InvalidObject", message, errors = new[] { new { code = "Invalid", message, resource = "addition", field } } }, statusCode: 400);
}
