namespace LedgerReconcile.Simulators.Psa.ConnectWise;

/// <summary>Companies with <c>name like</c> search, and new additions by POST as ConnectWise creates them (201 with the addition).</summary>
public sealed partial class ConnectWiseSimulator
{
    /// <summary>A person edits the addition in ConnectWise: <c>_info.updatedBy</c>/<c>lastUpdated</c> show them.</summary>
    public void EditByHand(int additionId, decimal? quantity, string updatedBy, DateTimeOffset at) => Locked(() =>
    {
        var addition = Addition(additionId);
        addition.Quantity = quantity;
        addition.UpdatedBy = updatedBy;
        addition.LastUpdated = at;
    });

    /// <summary>A person cancels the addition from <paramref name="on"/>.</summary>
    public void Cancel(int additionId, DateTimeOffset on) => Locked(() => Addition(additionId).CancelledDate = on);

    /// <summary>The additions of an agreement as stored, e.g. to count what POSTs created.</summary>
    public IReadOnlyList<ConnectWiseAddition> AdditionsOf(int agreementId) =>
        Locked(() => _options.Seed.Additions.Where(a => a.AgreementId == agreementId).ToList());

    private void MapDirectoryEndpoints(RouteGroupBuilder api)
    {
        api.MapGet("/company/companies", (HttpContext context) =>
        {
            var text = context.Request.Query["conditions"].ToString();
            string? fragment = null;
            if (text.StartsWith("name like ", StringComparison.OrdinalIgnoreCase))
                fragment = text["name like ".Length..].Trim().Trim('"', '\'').Trim('%');
            else if (text.Length > 0 && !text.Equals("deletedFlag=false", StringComparison.OrdinalIgnoreCase))
                return BadCondition();
            lock (Gate)
            {
                var matching = _options.Seed.Companies
                    .Where(c => fragment is null || c.Name.Contains(fragment, StringComparison.OrdinalIgnoreCase))
                    .OrderBy(c => c.Id)
                    .Select(c => new JsonObject
                    {
                        ["id"] = c.Id,
                        ["identifier"] = c.Identifier,
                        ["name"] = c.Name,
                        ["status"] = new JsonObject { ["id"] = c.Status == "Active" ? 1 : 2, ["name"] = c.Status },
                        ["deletedFlag"] = false,
                        ["_info"] = new JsonObject { ["lastUpdated"] = "2026-01-01T00:00:00Z" },
                    }).ToList();
                return Page(context, matching);
            }
        });
        api.MapPost("/finance/agreements/{agreementId:int}/additions", async (HttpContext context, int agreementId) =>
        {
            var (isJson, body) = await ReadJsonAsync(context.Request);
            if (!isJson || body is not JsonObject addition)
                return Invalid("The body must be an addition object.", null);
            if (addition["product"]?["id"] is not JsonValue productId || productId.GetValueKind() != JsonValueKind.Number)
                return Invalid("product is required.", "product");
            if (addition["billCustomer"]?.GetValueKind() != JsonValueKind.String)
                return Invalid("billCustomer is required.", "billCustomer");
            if (addition["quantity"] is not JsonValue quantity || quantity.GetValueKind() != JsonValueKind.Number || quantity.GetValue<decimal>() < 0)
                return Invalid("quantity must be a non-negative number.", "quantity");
            return await ServeWriteAsync(context, () =>
            {
                lock (Gate)
                {
                    if (_options.Seed.Agreements.All(a => a.Id != agreementId))
                        return NotFound("agreement", agreementId);
                    var product = productId.GetValue<int>();
                    var created = new ConnectWiseAddition
                    {
                        Id = _options.Seed.Additions.Max(a => a.Id) + 1,
                        AgreementId = agreementId,
                        ProductId = product,
                        ProductIdentifier = _options.Seed.Additions.FirstOrDefault(a => a.ProductId == product)?.ProductIdentifier ?? $"PROD-{product}",
                        Description = addition["description"]?.GetValue<string>() ?? "",
                        Quantity = quantity.GetValue<decimal>(),
                        UnitPrice = addition["unitPrice"]?.GetValue<decimal>() ?? 0m,
                        BillCustomer = addition["billCustomer"]!.GetValue<string>(),
                        EffectiveDate = DateTimeOffset.TryParse(addition["effectiveDate"]?.GetValue<string>(), CultureInfo.InvariantCulture,
                            DateTimeStyles.AssumeUniversal, out var effective) ? effective : DateTimeOffset.UtcNow,
                        LastUpdated = DateTimeOffset.UtcNow,
                        UpdatedBy = "api",
                    };
                    _options.Seed.Additions.Add(created);
                    CountAppliedWrite(created.Id);
                    return Results.Json(AdditionJson(created), statusCode: 201);
                }
            });
        });
    }
}
