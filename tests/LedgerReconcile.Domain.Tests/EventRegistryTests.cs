using LedgerReconcile.Domain.ApiKeys;
using LedgerReconcile.Domain.Credentials;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.SyncRuns;
using LedgerReconcile.Domain.Tenants;
using LedgerReconcile.Domain.Webhooks;

namespace LedgerReconcile.Domain.Tests;

public class EventRegistryTests
{
    public static TheoryData<Type> AllEventTypes()
    {
        var data = new TheoryData<Type>();
        Type[] streamEvents = [typeof(CustomerEvent), typeof(TenantEvent), typeof(SyncRunEvent), typeof(ApiKeyEvent), typeof(CredentialsEvent), typeof(WebhookEvent), typeof(AlertEvent)];
        foreach (var type in streamEvents.SelectMany(e => e.GetNestedTypes().Where(t => t.IsSubclassOf(e))))
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

        Assert.Matches(@"^(customer|tenant|syncrun|system|webhook|alert)\.[a-z_]+\.v[0-9]+$", name);
        Assert.True(EventRegistry.TryGetType(name, out var back));
        Assert.Equal(eventType, back);
    }

    [Fact]
    public void EventNamesAreInThePastTenseWithoutAnEventSuffix() =>
        Assert.DoesNotContain(EventRegistry.EventTypes, t => t.Name.EndsWith("Event", StringComparison.Ordinal));
}
