using System.Collections.Immutable;
using System.Text.Json;
using LedgerReconcile.EventStore;
using LedgerReconcile.Projections.ReadModels;

namespace LedgerReconcile.Projections.Tests.Support;

/// <summary>Test events of our own, so the runner is tested without depending on the billing domain.</summary>
public static class ShoppingEvents
{
    public const string Added = "test.item_added.v1";
    public const string Removed = "test.item_removed.v1";

    public static EventData Add(string tenant, string list, string item, decimal quantity, DateTimeOffset? occurredAt = null) =>
        Create(Added, tenant, new ItemChange(list, item, quantity), occurredAt);

    public static EventData Remove(string tenant, string list, string item, decimal quantity, DateTimeOffset? occurredAt = null) =>
        Create(Removed, tenant, new ItemChange(list, item, quantity), occurredAt);

    public static string Stream(string tenant, string list) => $"list-{tenant}.{list}";

    private static EventData Create(string type, string tenant, ItemChange change, DateTimeOffset? occurredAt) => new(
        Guid.CreateVersion7(),
        type,
        JsonSerializer.SerializeToUtf8Bytes(change, ReadModelJson.Options),
        new EventMetadata(tenant, "tester@msp.example", Guid.NewGuid().ToString("N")),
        occurredAt ?? new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));

    public sealed record ItemChange(string List, string Item, decimal Quantity);
}

public sealed record ShoppingList(string Name, ImmutableSortedDictionary<string, decimal> Items, decimal Total, int Version);

public sealed record ShoppingEntry(string Item, decimal Delta, DateTimeOffset OccurredAt, string Actor);

/// <summary>
/// A small projection with everything the billing ones use: documents created, replaced and deleted, indexed columns,
/// history rows. Version 2 computes the rank differently, to show a rebuild after a logic change.
/// </summary>
public sealed class ShoppingListProjection(int version = 1) : IProjection
{
    public const string Kind = "list";

    public string Name => "shopping_lists";

    public int Version => version;

    public Func<RecordedEvent, bool>? FailOnce { get; set; }

    public static DocumentKey Key(string tenant, string list) => new(tenant, Kind, list);

    public async ValueTask ApplyAsync(RecordedEvent recorded, IReadModelWriter writer, CancellationToken cancellationToken)
    {
        if (recorded.Type is not (ShoppingEvents.Added or ShoppingEvents.Removed))
        {
            return;
        }

        if (FailOnce is { } fail && fail(recorded))
        {
            FailOnce = null;
            throw new InvalidOperationException($"Planned failure at position {recorded.Position}.");
        }

        var change = JsonSerializer.Deserialize<ShoppingEvents.ItemChange>(recorded.Data.Span, ReadModelJson.Options)!;
        var key = Key(recorded.Metadata.Tenant, change.List);
        var list = await writer.GetAsync<ShoppingList>(key, cancellationToken)
            ?? new ShoppingList(change.List, ImmutableSortedDictionary<string, decimal>.Empty, 0, version);
        var delta = recorded.Type == ShoppingEvents.Added ? change.Quantity : -Math.Min(change.Quantity, list.Items.GetValueOrDefault(change.Item));
        var quantity = list.Items.GetValueOrDefault(change.Item) + delta;
        var items = quantity > 0 ? list.Items.SetItem(change.Item, quantity) : list.Items.Remove(change.Item);
        var updated = list with { Items = items, Total = items.Values.Sum(), Version = version };
        if (items.IsEmpty)
        {
            writer.Delete(key);
        }
        else
        {
            writer.Put(key, updated, new DocumentIndex(
                Parent: recorded.Metadata.Tenant,
                Status: updated.Total >= 10 ? "big" : "small",
                Facet: change.List[..1],
                Rank: version == 1 ? updated.Total : updated.Items.Count));
        }

        writer.Append(key, new ShoppingEntry(change.Item, delta, recorded.OccurredAt, recorded.Metadata.Actor));
    }

    /// <summary>The same rules folded in memory: what the read model must hold after <paramref name="events"/>.</summary>
    public static IReadOnlyDictionary<DocumentKey, decimal> ExpectedTotals(IEnumerable<(string Tenant, EventData Event)> events)
    {
        var items = new Dictionary<(DocumentKey, string), decimal>();
        foreach (var (tenant, e) in events)
        {
            var change = JsonSerializer.Deserialize<ShoppingEvents.ItemChange>(e.Data.Span, ReadModelJson.Options)!;
            var slot = (Key(tenant, change.List), change.Item);
            var had = items.GetValueOrDefault(slot);
            items[slot] = e.Type == ShoppingEvents.Added ? had + change.Quantity : Math.Max(0, had - change.Quantity);
        }

        return items.Where(i => i.Value > 0).GroupBy(i => i.Key.Item1).ToDictionary(g => g.Key, g => g.Sum(i => i.Value));
    }
}
