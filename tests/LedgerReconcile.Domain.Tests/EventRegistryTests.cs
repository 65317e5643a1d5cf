using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Domain.Tests;

public class EventRegistryTests
{
    public static TheoryData<Type> AllEventTypes()
    {
        var data = new TheoryData<Type>();
        foreach (var type in typeof(CustomerEvent).GetNestedTypes().Concat(typeof(TenantEvent).GetNestedTypes())
                     .Where(t => t.IsSubclassOf(typeof(CustomerEvent)) || t.IsSubclassOf(typeof(TenantEvent))))
        {
            data.Add(type);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllEventTypes))]
    public void EveryEventHasAVersionedStoredNameThatLeadsBackToIt(Type eventType)
    {
        var name = EventRegistry.StoredNameOf(eventType);

        Assert.Matches(@"^(customer|tenant)\.[a-z_]+\.v[0-9]+$", name);
        Assert.True(EventRegistry.TryGetType(name, out var back));
        Assert.Equal(eventType, back);
    }

    [Fact]
    public void EventNamesAreInThePastTenseWithoutAnEventSuffix() =>
        Assert.DoesNotContain(EventRegistry.EventTypes, t => t.Name.EndsWith("Event", StringComparison.Ordinal));
}
