using FluentValidation;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Domain;

namespace LedgerReconcile.Application.Tests.Customers;

public class RefusalTests
{
    private static readonly string Stream = StreamNames.Customer(LedgerHost.Tenant, Snapshots.CustomerKey);

    [Fact]
    public async Task AMappingToAnUnknownServiceIsRefusedOnThatFieldAndNothingIsAppended()
    {
        await using var host = await LedgerHost.StartAsync();
        await host.SendAsync(new MapAccount(new CommandContext(LedgerHost.Tenant, Snapshots.Person, "corr", Guid.CreateVersion7()), Snapshots.CustomerKey, 4711, "Acme", "Autotask", "at-1", "Acme", "c-1", null));
        var head = await host.Store.ReadHeadPositionAsync();

        var refused = await Assert.ThrowsAsync<ValidationException>(() => host.SendAsync(new MapService(
            new CommandContext(LedgerHost.Tenant, Snapshots.Person, "corr", Guid.CreateVersion7()), Snapshots.CustomerKey, "Backups", null, "line-1",
            new UnitRuleInput("Furlongs", 1000, "Sideways", 0m, -1m, 0m), new PriceInput(10m, "euro"), null)));

        Assert.Superset(
            new HashSet<string> { "Service", "UnitRule.Unit", "UnitRule.Rounding", "UnitRule.Step", "UnitRule.IncludedAllowance", "UnitPrice.Currency" },
            refused.Errors.Select(e => e.PropertyName).ToHashSet());
        Assert.Equal(head, await host.Store.ReadHeadPositionAsync());
    }

    [Fact]
    public async Task CommandsWithoutTenantOrCustomerOrActorAreRefused()
    {
        await using var host = await LedgerHost.StartAsync();

        var refused = await Assert.ThrowsAsync<ValidationException>(() =>
            host.SendAsync(new IgnoreAsset(new CommandContext("", "", "", Guid.Empty, -3), "../other", "Volume", "", "")));

        Assert.Superset(
            new HashSet<string> { "Tenant", "CustomerKey", "AssetId", "Reason", "Actor", "CorrelationId", "CommandId", "ExpectedRevision" },
            refused.Errors.Select(e => e.PropertyName).ToHashSet());
        Assert.Equal(0, await host.Store.ReadHeadPositionAsync());
    }

    [Fact]
    public async Task ASystemCommandThatNamesAnExpectedRevisionIsRefusedBecauseItAlwaysDecidesOnFreshState()
    {
        await using var host = await LedgerHost.StartAsync();
        var snapshot = Snapshots.Mixed();

        var refused = await Assert.ThrowsAsync<ValidationException>(() =>
            host.SendAsync(snapshot with { Context = snapshot.Context with { ExpectedRevision = 0 } }));

        Assert.Contains(refused.Errors, e => e.PropertyName == "ExpectedRevision");
        Assert.Equal(0, await host.Store.ReadHeadPositionAsync());
        await host.SendAsync(snapshot);
        Assert.True(await host.Store.ReadHeadPositionAsync() > 0);
    }

    [Fact]
    public async Task ABrokenBusinessRuleAppendsNothing()
    {
        await using var host = await LedgerHost.StartAsync();
        var ingested = await host.SendAsync(Snapshots.Mixed());

        var violation = await Assert.ThrowsAsync<RuleViolationException>(() => host.SendAsync(
            new IgnoreAsset(new CommandContext(LedgerHost.Tenant, Snapshots.Person, "corr", Guid.CreateVersion7()), Snapshots.CustomerKey, "Volume", "not-a-volume-we-know", "typo")));

        Assert.Equal("asset.unknown", violation.Rule);
        Assert.Equal(ingested.Revision, await host.Store.ReadStreamRevisionAsync(Stream));
    }

    [Fact]
    public void EveryCommandAndQueryHasAValidator()
    {
        var messages = typeof(CommandResult).Assembly.GetTypes()
            .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(Mediator.ICommand<>) || i.GetGenericTypeDefinition() == typeof(Mediator.IQuery<>))))
            .ToList();
        var validated = typeof(CommandResult).Assembly.GetTypes()
            .Select(t => t.BaseType)
            .SelectMany(b => b is { IsGenericType: true } ? b.GetGenericArguments() : [])
            .ToHashSet();

        Assert.NotEmpty(messages);
        Assert.Empty(messages.Where(m => !validated.Contains(m)).Select(m => m.Name));
    }
}
