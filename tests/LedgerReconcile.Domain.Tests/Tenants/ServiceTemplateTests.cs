using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.Tenants;
using static LedgerReconcile.Domain.Tenants.TenantCommand;
using static LedgerReconcile.Domain.Tenants.TenantEvent;

namespace LedgerReconcile.Domain.Tests.Tenants;

public class ServiceTemplateTests
{
    private static readonly ServiceTemplateKey Storage = new(PsaKind.ConnectWise, "9103");

    private static readonly UnitRule PerHalfTerabyte = new(BillingUnit.Terabyte, 1024, Rounding.Up, 0.5m, 1m, 0m);

    private static ServiceTemplate StorageTemplate(Money? price = null) =>
        new(Storage, new ServiceLine(BillableService.OffsiteStorage), PerHalfTerabyte, price);

    private static ServiceTemplateSet Set(Money? price = null) =>
        new(PsaKind.ConnectWise, "9103", BillableService.OffsiteStorage, null, PerHalfTerabyte.ToTerms(), price, Sample.Person, Sample.Now);

    [Fact]
    public void SetsATemplateForAProductNoAgreementCarriesYet() =>
        Spec.Tenant
            .When(new SetServiceTemplate(StorageTemplate(new Money(20m, "USD")), Sample.Person, Sample.Now))
            .Then(Set(new Money(20m, "USD")));

    [Fact]
    public void TheSameTemplateAgainChangesNothing() =>
        Spec.Tenant
            .Given(Set())
            .When(new SetServiceTemplate(StorageTemplate(), Sample.Person, Sample.Now))
            .ThenNothing();

    [Fact]
    public void ANewPriceReplacesTheTemplate() =>
        Assert.Equal(
            new Money(25m, "USD"),
            Spec.Tenant
                .Given(Set(new Money(20m, "USD")))
                .When(new SetServiceTemplate(StorageTemplate(new Money(25m, "USD")), Sample.Person, Sample.Now))
                .ThenState().Templates[Storage].UnitPrice);

    [Theory]
    [InlineData("SKU-9")]
    [InlineData("0")]
    [InlineData("-94")]
    public void AProductIdThatNoPsaUsesIsRefused(string productId) =>
        Spec.Tenant
            .When(new SetServiceTemplate(StorageTemplate() with { Key = Storage with { ProductId = productId } }, Sample.Person, Sample.Now))
            .ThenViolates("service_template.invalid_product");

    [Fact]
    public void AStorageTemplateCountedPerItemIsRefused() =>
        Spec.Tenant
            .When(new SetServiceTemplate(StorageTemplate() with { UnitRule = UnitRule.Each }, Sample.Person, Sample.Now))
            .ThenViolates("service.unit_mismatch");

    [Fact]
    public void ASeatTypeOnAServiceThatHasNoSeatsIsRefused() =>
        Spec.Tenant
            .When(new SetServiceTemplate(new ServiceTemplate(Storage, new ServiceLine(BillableService.PerAgent, "User"), UnitRule.Each, null), Sample.Person, Sample.Now))
            .ThenViolates("service.seat_type_not_applicable");

    [Fact]
    public void RemovingATemplateForgetsIt() =>
        Assert.Empty(
            Spec.Tenant
                .Given(Set())
                .When(new RemoveServiceTemplate(Storage, "storage now in the bundle", Sample.Person, Sample.Now))
                .ThenState().Templates);

    [Fact]
    public void RemovingATemplateThatIsNotThereChangesNothing() =>
        Spec.Tenant
            .When(new RemoveServiceTemplate(Storage, "gone", Sample.Person, Sample.Now))
            .ThenNothing();
}
