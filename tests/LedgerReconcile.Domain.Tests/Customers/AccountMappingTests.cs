using LedgerReconcile.Domain.Billing;
using static LedgerReconcile.Domain.Customers.CustomerCommand;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Domain.Tests.Customers;

public class AccountMappingTests
{
    private static MapAccount MapToConnectWise(string companyId = "cw-250", string agreementId = "agr-77") =>
        new(Sample.OrganizationId, "Acme Ltd", PsaKind.ConnectWise, companyId, "Acme Limited", agreementId, null, Sample.Person, Sample.Now);

    [Fact]
    public void MapsAnUnmappedAccountFromNow() =>
        Spec.Customer.When(MapToConnectWise()).Then(Sample.AccountMapped());

    [Fact]
    public void MappingTakesTheOrganizationIdFromUsageWhenTheCommandHasNone()
    {
        var mapped = Spec.Customer.Given(Sample.Recorded()).When(MapToConnectWise() with { OrganizationId = null }).Decide();

        Assert.Equal(Sample.OrganizationId, Assert.IsType<AccountMapped>(Assert.Single(mapped)).OrganizationId);
    }

    [Fact]
    public void MappingTheSameAccountAgainChangesNothing() =>
        Spec.Customer.Given(Sample.AccountMapped()).When(MapToConnectWise()).ThenNothing();

    [Fact]
    public void CantMapAccountThatIsAlreadyMapped() =>
        Spec.Customer.Given(Sample.AccountMapped()).When(MapToConnectWise(agreementId: "agr-78")).ThenViolates("account.already_mapped");

    [Fact]
    public void UnmappingAnAccountAlsoUnmapsItsServices() =>
        Spec.Customer
            .Given(Sample.AccountMapped(), Sample.ServiceMapped(BillableService.PerAgent, "line-agents"))
            .When(new UnmapAccount("Customer left", null, Sample.Person, Sample.Now))
            .Then(
                new ServiceUnmapped(BillableService.PerAgent, null, "line-agents", "Customer left", Sample.Now, Sample.Person, Sample.Now),
                new AccountUnmapped(PsaKind.ConnectWise, "cw-250", "agr-77", "Customer left", Sample.Now, Sample.Person, Sample.Now));

    [Fact]
    public void UnmappingAnUnmappedAccountChangesNothing() =>
        Spec.Customer.When(new UnmapAccount("tidy up", null, Sample.Person, Sample.Now)).ThenNothing();

    [Fact]
    public void ARenamedPsaCompanyIsRecordedAsDrift()
    {
        var observedAt = Sample.Now.AddHours(1);

        var state = Spec.Customer
            .Given(Sample.AccountMapped())
            .When(new RecordPsaCompanyName("cw-250", "Acme Group Limited", observedAt, "sync:connectwise", Sample.Now))
            .ThenState();

        Assert.Equal("Acme Group Limited", state.Account!.PsaCompanyName);
        var drift = Assert.Single(state.Drifts.Values);
        Assert.True(drift.IsOpen);
        Assert.Equal(("Acme Limited", "Acme Group Limited"), (drift.From, drift.To));
    }

    [Fact]
    public void AnUnchangedPsaCompanyNameChangesNothing() =>
        Spec.Customer
            .Given(Sample.AccountMapped())
            .When(new RecordPsaCompanyName("cw-250", "Acme Limited", Sample.Now, "sync:connectwise", Sample.Now))
            .ThenNothing();

    [Fact]
    public void CantRecordAPsaCompanyNameBeforeTheAccountIsMapped() =>
        Spec.Customer
            .When(new RecordPsaCompanyName("cw-250", "Acme", Sample.Now, "sync:connectwise", Sample.Now))
            .ThenViolates("psa.account_not_mapped");

    [Fact]
    public void CantRecordTheNameOfAnotherPsaCompany() =>
        Spec.Customer
            .Given(Sample.AccountMapped())
            .When(new RecordPsaCompanyName("cw-999", "Someone Else", Sample.Now, "sync:connectwise", Sample.Now))
            .ThenViolates("psa.other_company");

    [Fact]
    public void AcknowledgingADriftClosesIt()
    {
        var renamed = new PsaCompanyRenamed("psa-name:1", "cw-250", "Acme Limited", "Acme Group", Sample.Now, "sync:connectwise");

        var state = Spec.Customer
            .Given(Sample.AccountMapped(), renamed)
            .When(new AcknowledgeDrift("psa-name:1", "Expected: they rebranded", Sample.Person, Sample.Now))
            .ThenState();

        Assert.False(state.Drifts["psa-name:1"].IsOpen);
    }

    [Fact]
    public void AcknowledgingAnAcknowledgedDriftChangesNothing() =>
        Spec.Customer
            .Given(
                new PsaCompanyRenamed("psa-name:1", "cw-250", "Acme Limited", "Acme Group", Sample.Now, "sync:connectwise"),
                new DriftAcknowledged("psa-name:1", "ok", Sample.Person, Sample.Now))
            .When(new AcknowledgeDrift("psa-name:1", "ok", Sample.Person, Sample.Now))
            .ThenNothing();

    [Fact]
    public void CantAcknowledgeAnUnknownDrift() =>
        Spec.Customer.When(new AcknowledgeDrift("nope", "ok", Sample.Person, Sample.Now)).ThenViolates("drift.unknown");
}
