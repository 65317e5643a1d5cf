using LedgerReconcile.Domain.Billing;
using static LedgerReconcile.Domain.Customers.CustomerCommand;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Domain.Tests.Customers;

public class ServiceMappingTests
{
    private static MapService Map(BillableService service, string line, UnitRule? rule = null, string? seatType = null, Money? price = null) =>
        new(new ServiceLine(service, seatType), line, rule ?? UnitRule.Each, price ?? new Money(12.50m, "EUR"), null, Sample.Person, Sample.Now);

    [Fact]
    public void MapsAServiceToAPsaLineWithItsUnitRuleAndPrice() =>
        Spec.Customer
            .Given(Sample.AccountMapped())
            .When(Map(BillableService.OffsiteStorage, "line-storage", Sample.TerabytesRoundedUp))
            .Then(Sample.ServiceMapped(BillableService.OffsiteStorage, "line-storage", Sample.TerabytesRoundedUp));

    [Fact]
    public void MappingTheSameServiceTheSameWayChangesNothing() =>
        Spec.Customer
            .Given(Sample.AccountMapped(), Sample.ServiceMapped(BillableService.PerAgent, "line-agents"))
            .When(Map(BillableService.PerAgent, "line-agents"))
            .ThenNothing();

    [Fact]
    public void ANewPriceIsRecordedAsANewMapping() =>
        Spec.Customer
            .Given(Sample.AccountMapped(), Sample.ServiceMapped(BillableService.PerAgent, "line-agents"))
            .When(Map(BillableService.PerAgent, "line-agents", price: new Money(14m, "EUR")))
            .Then(Sample.ServiceMapped(BillableService.PerAgent, "line-agents") with { UnitPrice = new Money(14m, "EUR") });

    [Fact]
    public void MapsSaasSeatsPerSeatType() =>
        Spec.Customer
            .Given(Sample.AccountMapped(), Sample.ServiceMapped(BillableService.SaasSeats, "line-users", seatType: "User"))
            .When(Map(BillableService.SaasSeats, "line-mailboxes", seatType: "SharedMailbox"))
            .Then(Sample.ServiceMapped(BillableService.SaasSeats, "line-mailboxes", seatType: "SharedMailbox"));

    [Fact]
    public void CantMapAServiceBeforeTheAccountIsMapped() =>
        Spec.Customer.When(Map(BillableService.PerAgent, "line-agents")).ThenViolates("service.account_not_mapped");

    [Fact]
    public void CantBillStoragePerItem() =>
        Spec.Customer
            .Given(Sample.AccountMapped())
            .When(Map(BillableService.OffsiteStorage, "line-storage", UnitRule.Each))
            .ThenViolates("service.unit_mismatch");

    [Fact]
    public void CantBillAgentsInTerabytes() =>
        Spec.Customer
            .Given(Sample.AccountMapped())
            .When(Map(BillableService.PerAgent, "line-agents", Sample.TerabytesRoundedUp))
            .ThenViolates("service.unit_mismatch");

    [Fact]
    public void CantMapWithABaseOtherThan1000Or1024() =>
        Spec.Customer
            .Given(Sample.AccountMapped())
            .When(Map(BillableService.OffsiteStorage, "line-storage", Sample.TerabytesRoundedUp with { Base = 1001 }))
            .ThenViolates("service.invalid_unit_rule");

    [Fact]
    public void CantMapASeatTypeOfAServiceOtherThanSaasSeats() =>
        Spec.Customer
            .Given(Sample.AccountMapped())
            .When(Map(BillableService.PerAgent, "line-agents", seatType: "User"))
            .ThenViolates("service.seat_type_not_applicable");

    [Fact]
    public void CantMapASeatTypeWhileAllSeatsAreOneLine() =>
        Spec.Customer
            .Given(Sample.AccountMapped(), Sample.ServiceMapped(BillableService.SaasSeats, "line-seats"))
            .When(Map(BillableService.SaasSeats, "line-users", seatType: "User"))
            .ThenViolates("service.seats_mapped_as_one_line");

    [Fact]
    public void CantMapAllSeatsToOneLineWhileSeatTypesAreMappedSeparately() =>
        Spec.Customer
            .Given(Sample.AccountMapped(), Sample.ServiceMapped(BillableService.SaasSeats, "line-users", seatType: "User"))
            .When(Map(BillableService.SaasSeats, "line-seats"))
            .ThenViolates("service.seat_types_mapped_separately");

    [Fact]
    public void CantBillTwoServicesOnOnePsaLine() =>
        Spec.Customer
            .Given(Sample.AccountMapped(), Sample.ServiceMapped(BillableService.PerAgent, "line-1"))
            .When(Map(BillableService.PerDevice, "line-1"))
            .ThenViolates("service.psa_line_in_use");

    [Fact]
    public void UnmapsAService() =>
        Spec.Customer
            .Given(Sample.AccountMapped(), Sample.ServiceMapped(BillableService.PerAgent, "line-agents"))
            .When(new UnmapService(new ServiceLine(BillableService.PerAgent), "moved to bundle", null, Sample.Person, Sample.Now))
            .Then(new ServiceUnmapped(BillableService.PerAgent, null, "line-agents", "moved to bundle", Sample.Now, Sample.Person, Sample.Now));

    [Fact]
    public void UnmappingAnUnmappedServiceChangesNothing() =>
        Spec.Customer
            .Given(Sample.AccountMapped())
            .When(new UnmapService(new ServiceLine(BillableService.PerAgent), "tidy", null, Sample.Person, Sample.Now))
            .ThenNothing();
}
