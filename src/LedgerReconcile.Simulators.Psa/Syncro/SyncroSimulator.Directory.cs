namespace LedgerReconcile.Simulators.Psa.Syncro;

/// <summary>
/// Customers (<c>GET /customers?query=&amp;page=</c>, the usual Syncro list with a meta block) and
/// <c>POST /schedules/{id}/add_line_item</c>, which validates the line item as an update does (a name is required).
/// </summary>
public sealed partial class SyncroSimulator
{
    /// <summary>The schedule's lines as stored, e.g. to count what add_line_item created.</summary>
    public IReadOnlyList<SyncroLineItem> LinesOf(long scheduleId) =>
        Locked(() => _options.Seed.Schedules.Single(s => s.Id == scheduleId).Lines.ToList());

    private void MapDirectoryEndpoints(RouteGroupBuilder api)
    {
        api.MapGet("/customers", (HttpContext context) =>
        {
            var query = context.Request.Query;
            var page = int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
            var perPage = Math.Max(1, _options.PerPage);
            var text = query["query"].ToString();
            lock (Gate)
            {
                var matching = _options.Seed.Customers
                    .Where(c => text.Length == 0 || c.BusinessName.Contains(text, StringComparison.OrdinalIgnoreCase))
                    .OrderBy(c => c.Id).ToList();
                return ListPage("customers", matching.Select(c => new JsonObject
                {
                    ["id"] = c.Id,
                    ["business_name"] = c.BusinessName,
                    ["firstname"] = "Office",
                    ["lastname"] = "Manager",
                    ["disabled"] = c.Disabled,
                }).ToList(), page, perPage);
            }
        });
        api.MapPost("/schedules/{id:long}/add_line_item", async (HttpContext context, long id) =>
        {
            if (await ReadJsonAsync(context.Request) is not (true, JsonObject item))
                return Results.Json(new { error = "Invalid JSON" }, statusCode: 400);
            return await ServeWriteAsync(context, () => AddLine(id, item));
        });
    }

    /// <summary>One page of a list in Syncro's shape: the items under their name and a <c>meta</c> block.</summary>
    private static IResult ListPage(string name, List<JsonObject> all, int page, int perPage) => Results.Json(new JsonObject
    {
        [name] = new JsonArray(all.Skip((page - 1) * perPage).Take(perPage).Select(i => (JsonNode)i).ToArray()),
        ["meta"] = new JsonObject
        {
            ["page"] = page,
            ["per_page"] = perPage,
            ["total_pages"] = Math.Max(1, (all.Count + perPage - 1) / perPage),
            ["total_entries"] = all.Count,
        },
    });

    private IResult AddLine(long scheduleId, JsonObject item)
    {
        lock (Gate)
        {
            var schedule = _options.Seed.Schedules.FirstOrDefault(s => s.Id == scheduleId);
            if (schedule is null)
                return NotFound();
            var name = item["name"] is JsonValue n && n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : "";
            var quantity = QuantityOf(item["quantity"]);
            var product = item["product_id"] is JsonValue p && p.GetValueKind() == JsonValueKind.Number ? p.GetValue<long>() : (long?)null;
            var errors = new JsonArray();
            if (string.IsNullOrWhiteSpace(name))
                errors.Add("Name can't be blank");
            if (quantity is null)
                errors.Add("Quantity is not a number");
            if (product is null)
                errors.Add("Product must exist");
            if (errors.Count > 0)
                return Results.Json(new JsonObject { ["error"] = errors }, statusCode: 422);
            var line = new SyncroLineItem
            {
                Id = _options.Seed.Schedules.SelectMany(s => s.Lines).Select(l => l.Id).DefaultIfEmpty(80_000).Max() + 1,
                ProductId = product!.Value,
                Name = name,
                Description = item["description"] is JsonValue d && d.GetValueKind() == JsonValueKind.String ? d.GetValue<string>() : "",
                Quantity = quantity!.Value,
                RetailCents = item["retail_cents"] is JsonValue r && r.GetValueKind() == JsonValueKind.Number ? r.GetValue<int>() : 0,
                Position = schedule.Lines.Count + 1,
            };
            schedule.Lines.Add(line);
            CountAppliedWrite(line.Id);
            return Results.Json(new JsonObject { ["schedule_line_item"] = LineJson(line, scheduleId) });
        }
    }
}
