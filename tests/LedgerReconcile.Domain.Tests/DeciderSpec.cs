using System.Text.Json;
using System.Text.Json.Serialization;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Domain.Tests;

/// <summary>Given(events).When(command).Then(events): the decider run on the state folded from the given events.</summary>
public sealed class DeciderSpec<TCommand, TEvent, TState>(
    Func<TCommand, TState, TEvent[]> decide,
    Func<TState, TEvent, TState> evolve,
    TState initial)
    where TCommand : class
    where TEvent : class
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    private TEvent[] _given = [];
    private TCommand? _when;

    public DeciderSpec<TCommand, TEvent, TState> Given(params TEvent[] events)
    {
        _given = [.. _given, .. events];
        return this;
    }

    public DeciderSpec<TCommand, TEvent, TState> When(TCommand command)
    {
        _when = command;
        return this;
    }

    public TEvent[] Then(params TEvent[] expected)
    {
        var actual = Decide();
        Assert.Equal(Describe(expected), Describe(actual));
        return actual;
    }

    public void ThenNothing() => Then();

    public RuleViolationException ThenViolates(string rule)
    {
        var violation = Assert.Throws<RuleViolationException>(() => Decide());
        Assert.Equal(rule, violation.Rule);
        return violation;
    }

    /// <summary>The state after the given events and whatever the command decided.</summary>
    public TState ThenState() => Decide().Aggregate(GivenState(), evolve);

    public TEvent[] Decide() => decide(_when ?? throw new InvalidOperationException("When(...) was not called."), GivenState());

    /// <summary>The state folded from the given events alone.</summary>
    public TState GivenState() => _given.Aggregate(initial, evolve);

    private static string[] Describe(IEnumerable<TEvent> events) =>
        events.Select(e => $"{e.GetType().Name} {JsonSerializer.Serialize(e, e.GetType(), Json)}").ToArray();
}

public static class Spec
{
    public static DeciderSpec<CustomerCommand, CustomerEvent, CustomerState> Customer =>
        new(CustomerDecider.Decide, CustomerState.Evolve, CustomerState.Initial);

    public static DeciderSpec<TenantCommand, TenantEvent, TenantState> Tenant =>
        new(TenantDecider.Decide, TenantState.Evolve, TenantState.Initial);
}
