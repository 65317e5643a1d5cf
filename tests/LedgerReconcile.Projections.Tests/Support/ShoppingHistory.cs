using LedgerReconcile.EventStore;
using LedgerReconcile.Projections.ReadModels;

namespace LedgerReconcile.Projections.Tests.Support;

/// <summary>Random shopping events appended in per-stream batches, and checks of the read model against them.</summary>
public static class ShoppingHistory
{
    public static async Task<List<(string Tenant, EventData Event)>> AppendRandomAsync(TestLedger ledger, int seed, int count, int lists = 12)
    {
        var random = new Random(seed);
        string[] tenants = ["acme", "globex"];
        string[] items = ["agents", "devices", "shares", "seats", "storage"];
        var appended = new List<(string, EventData)>(count);
        while (appended.Count < count)
        {
            var tenant = tenants[random.Next(tenants.Length)];
            var list = "list" + random.Next(lists);
            var batch = new List<EventData>();
            var size = Math.Min(count - appended.Count, random.Next(1, 60));
            for (var i = 0; i < size; i++)
            {
                var item = items[random.Next(items.Length)];
                var quantity = random.Next(1, 6);
                batch.Add(random.Next(3) == 0
                    ? ShoppingEvents.Remove(tenant, list, item, quantity)
                    : ShoppingEvents.Add(tenant, list, item, quantity));
            }

            await ledger.Store.AppendToStreamAsync(ShoppingEvents.Stream(tenant, list), ExpectedRevision.Any, batch);
            appended.AddRange(batch.Select(e => (tenant, e)));
        }

        return appended;
    }

    public static async Task AssertReadModelMatchesAsync(TestLedger ledger, IReadOnlyList<(string Tenant, EventData Event)> history)
    {
        var expected = ShoppingListProjection.ExpectedTotals(history);
        var actual = new Dictionary<DocumentKey, decimal>();
        foreach (var tenant in history.Select(h => h.Tenant).Distinct())
        {
            var documents = await ledger.Queries.QueryAsync<ShoppingList>(
                "shopping_lists", new DocumentQuery(tenant, ShoppingListProjection.Kind, Limit: 10_000));
            foreach (var document in documents)
            {
                actual[document.Key] = document.Value.Total;
                Assert.Equal(document.Value.Items.Values.Sum(), document.Value.Total);
            }
        }

        Assert.Equal(expected.OrderBy(e => e.Key.ToString()), actual.OrderBy(a => a.Key.ToString()));

        // Every event leaves exactly one history row: none lost, none applied twice.
        var set = await ledger.ActiveSetAsync("shopping_lists");
        var rows = (await ledger.DumpAsync(set)).History;
        Assert.Equal(history.Count, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r.Position).Distinct().Count());
    }
}

public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
