using FluentValidation;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Mapping;
using LedgerReconcile.Application.Proposals;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;

namespace LedgerReconcile.Application.Tests.Mapping;

/// <summary>Service templates per tenant, and the slice the PSA read sync calls to apply them.</summary>
public class ServiceTemplateTests
{
    private const string Tenant = LedgerHost.Tenant;
    private const string Key = Snapshots.CustomerKey;

    private static CommandContext Person() => new(Tenant, Snapshots.Person, "corr-templates", Guid.CreateVersion7());

    private static CommandContext PsaSync() => new(Tenant, "sync:psa", "corr-psa", Guid.CreateVersion7());

    private static SetServiceTemplate Template(string productId = "9101", string service = "OffsiteStorage", string? seatType = null, PriceInput? price = null) =>
        new(Person(), "ConnectWise", productId, service, seatType, new UnitRuleInput("Terabyte", 1024, "Up", 0.5m, 1m, 0m), price);

    private static async Task<LedgerHost> MappedCustomerAsync()
    {
        var host = await LedgerHost.StartAsync();
        await host.SendAsync(Snapshots.Mixed());
        await host.SendAsync(new MapAccount(Person(), Key, null, "Acme Ltd", "ConnectWise", "19300", "Acme Dental", "802", null));
        return host;
    }

    [Fact]
    public async Task ATemplateIsListedAndSettingItAgainAppendsNothing()
    {
        await using var host = await LedgerHost.StartAsync();

        var first = await host.SendAsync(Template(price: new PriceInput(20m, "USD")));
        var again = await host.SendAsync(Template(price: new PriceInput(20m, "USD")));

        Assert.Equal(["tenant.service_template_set.v1"], first.Appended);
        Assert.Empty(again.Appended);
        var listed = Assert.Single(await host.SendAsync(new ListServiceTemplates(Tenant, null)));
        Assert.Equal(("ConnectWise", "9101", "OffsiteStorage", "Terabyte", 20m), (listed.Psa, listed.ProductId, listed.Service, listed.UnitRule.Unit, listed.UnitPrice!.Amount));
        Assert.Empty(await host.SendAsync(new ListServiceTemplates(Tenant, "Syncro")));
    }

    [Theory]
    [InlineData("abc", "OffsiteStorage", "ProductId")]
    [InlineData("-5", "OffsiteStorage", "ProductId")]
    [InlineData("0123", "OffsiteStorage", "ProductId")]
    [InlineData("9101", "Backupify", "Service")]
    public async Task ATemplateWithAnUnknownProductFormOrServiceIsRefusedAndNothingIsAppended(string productId, string service, string field)
    {
        await using var host = await LedgerHost.StartAsync();

        var refused = await Assert.ThrowsAsync<ValidationException>(() => host.SendAsync(Template(productId, service)));

        Assert.Contains(refused.Errors, e => e.PropertyName == field);
        Assert.Empty(await host.ReadAsync(StreamNames.Tenant(Tenant)));
    }

    [Fact]
    public async Task RemovingATemplateThatDoesNotExistIsNotFound()
    {
        await using var host = await LedgerHost.StartAsync();

        await Assert.ThrowsAsync<ResourceNotFoundException>(() => host.SendAsync(new RemoveServiceTemplate(Person(), "ConnectWise", "9101", "gone")));
    }

    [Fact]
    public async Task ARemovedTemplateMapsNothingMore()
    {
        await using var host = await MappedCustomerAsync();
        await host.SendAsync(Template());
        await host.SendAsync(new RemoveServiceTemplate(Person(), "ConnectWise", "9101", "storage now in the bundle"));

        var applied = await host.SendAsync(new ApplyServiceTemplates(PsaSync(), Key, [new("cw:19300:802:40101", "9101", 45m)]));

        Assert.Empty(applied.Lines);
        Assert.Empty(await host.SendAsync(new ListServiceTemplates(Tenant, null)));
    }

    [Fact]
    public async Task EveryLineWhoseProductHasATemplateIsMappedWithTheTemplatesRule()
    {
        await using var host = await MappedCustomerAsync();
        await host.SendAsync(Template(price: new PriceInput(20m, "USD")));
        await host.SendAsync(Template("9102", "PerAgent", price: null) with { UnitRule = UnitRuleInput.Each });

        var applied = await host.SendAsync(new ApplyServiceTemplates(PsaSync(), Key,
            [new("cw:19300:802:40101", "9101", 45m), new("cw:19300:802:40102", "9102", 4m), new("cw:19300:802:40104", "7777", 1m), new("cw:19300:802:40105", null, 1m)]));

        Assert.Equal([ItemOutcome.Applied, ItemOutcome.Applied], applied.Lines.Select(l => l.Outcome));
        var mapped = (await host.ReadAsync(StreamNames.Customer(Tenant, Key))).Select(e => EventSerializer.Deserialize(e.Type, e.Data)).OfType<CustomerEvent.ServiceMapped>().ToList();
        var storage = mapped.Single(m => m.Service == BillableService.OffsiteStorage);
        Assert.Equal(("cw:19300:802:40101", BillingUnit.Terabyte, 0.5m), (storage.PsaLineId, storage.UnitRule.Unit, storage.UnitRule.Step));
        Assert.Equal(new Money(45m, "USD"), storage.UnitPrice);
        Assert.Null(mapped.Single(m => m.Service == BillableService.PerAgent).UnitPrice);
    }

    [Fact]
    public async Task APersonsMappingWinsOverATemplate()
    {
        await using var host = await MappedCustomerAsync();
        await host.SendAsync(new MapService(Person(), Key, "OffsiteStorage", null, "cw:19300:802:40103", new UnitRuleInput("Gigabyte", 1000, "Up", 1m, 0m, 0m), null, null));
        await host.SendAsync(Template());
        var before = (await host.ReadAsync(StreamNames.Customer(Tenant, Key))).Count;

        var applied = await host.SendAsync(new ApplyServiceTemplates(PsaSync(), Key, [new("cw:19300:802:40101", "9101", 45m), new("cw:19300:802:40103", "9101", 20m)]));

        Assert.Equal(
            [(ItemOutcome.Refused, "service_template.service_mapped_elsewhere"), (ItemOutcome.NoOp, null)],
            applied.Lines.Select(l => (l.Outcome, l.Code)));
        Assert.Equal(before, (await host.ReadAsync(StreamNames.Customer(Tenant, Key))).Count);
    }

    [Fact]
    public async Task ACustomerWithoutAnAccountMappingGetsNoTemplate()
    {
        await using var host = await LedgerHost.StartAsync();
        await host.SendAsync(Snapshots.Mixed());
        await host.SendAsync(Template());

        var applied = await host.SendAsync(new ApplyServiceTemplates(PsaSync(), Key, [new("cw:19300:802:40101", "9101", 45m)]));

        Assert.Empty(applied.Lines);
    }

    [Fact]
    public async Task ATemplateOfAnotherPsaDoesNotApply()
    {
        await using var host = await MappedCustomerAsync();
        await host.SendAsync(Template() with { Psa = "Syncro" });

        var applied = await host.SendAsync(new ApplyServiceTemplates(PsaSync(), Key, [new("cw:19300:802:40101", "9101", 45m)]));

        Assert.Empty(applied.Lines);
    }
}
