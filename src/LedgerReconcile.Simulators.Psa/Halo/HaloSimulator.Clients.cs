namespace LedgerReconcile.Simulators.Psa.Halo;

/// <summary>Clients: <c>GET /api/Client?search=&amp;pageinate=true&amp;page_size=&amp;page_no=</c> answering <c>{record_count, clients}</c>.</summary>
public sealed partial class HaloSimulator
{
    /// <summary>The invoice's lines as stored, e.g. to count what a POST added.</summary>
    public IReadOnlyList<JsonObject> LinesOf(long invoiceId) => Locked(() =>
        _options.Seed.Invoices.Single(i => i["id"]!.GetValue<long>() == invoiceId)["lines"]!.AsArray().OfType<JsonObject>()
            .Select(l => (JsonObject)l.DeepClone()).ToList());

    private long NextLineId() =>
        _options.Seed.Invoices.SelectMany(i => i["lines"]!.AsArray().OfType<JsonObject>()).Select(l => l["id"]!.GetValue<long>()).DefaultIfEmpty(30_000).Max() + 1;

    private void MapClientEndpoints(WebApplication app)
    {
        app.MapGet("/api/Client", (HttpContext context) =>
        {
            var query = context.Request.Query;
            var search = query["search"].ToString();
            lock (Gate)
            {
                var matching = _options.Seed.Clients
                    .Where(c => search.Length == 0 || c["name"]!.GetValue<string>().Contains(search, StringComparison.OrdinalIgnoreCase))
                    .OrderBy(c => c["id"]!.GetValue<long>()).ToList();
                IEnumerable<JsonObject> page = matching;
                if (string.Equals(query["pageinate"], "true", StringComparison.OrdinalIgnoreCase))
                {
                    var size = int.TryParse(query["page_size"], out var s) && s > 0 ? s : 50;
                    var number = int.TryParse(query["page_no"], out var n) && n > 0 ? n : 1;
                    page = matching.Skip((number - 1) * size).Take(size);
                }
                return Results.Json(new JsonObject
                {
                    ["record_count"] = matching.Count,
                    ["clients"] = new JsonArray(page.Select(c => (JsonNode)c.DeepClone()).ToArray()),
                });
            }
        });
    }
}
