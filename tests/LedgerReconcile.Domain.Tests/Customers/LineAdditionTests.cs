using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.Tenants;
using static LedgerReconcile.Domain.Customers.CustomerCommand;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Domain.Tests.Customers;

public class LineAdditionTests
{
    private const string Product = "9099";
    private static readonly Guid Proposal = Guid.Parse("0199f000-0000-7000-8000-0000000000b1");
    private static readonly Guid Write = Guid.Parse("0199f000-0000-7000-8000-0000000000b2");
    private static readonly DateOnly December = new(2025, 12, 1);
    private static readonly ServiceLine Endpoints = new(BillableService.EndpointBackup);
    private static readonly Money Price = new(4.5m, "EUR");

    private static ServiceTemplate Template(string productId = Product, PsaKind psa = PsaKind.ConnectWise, Money? price = null, ServiceLine? line = null) =>
        new(new ServiceTemplateKey(psa, productId), line ?? Endpoints, UnitRule.Each, price ?? Price);

    // The sample snapshot holds two endpoint agents and no line bills them.
    private static CustomerEvent[] MappedWithUsage() => [Sample.Recorded(), Sample.AccountMapped()];

    private static ProposeLineAddition Propose(
        IReadOnlyCollection<ServiceTemplate>? templates = null, string? productId = null, decimal? quantity = null, ServiceLine? line = null, CustomerEvent[]? given = null) =>
        new(
            Proposal,
            line ?? Endpoints,
            productId,
            quantity,
            December,
            templates ?? [Template()],
            BillableQuantities.Compute(CustomerState.Fold(given ?? MappedWithUsage()), Sample.NoTenantPolicies),
            Sample.Person,
            Sample.Now);

    private static LineAdditionProposed Proposed() =>
        Assert.IsType<LineAdditionProposed>(Assert.Single(Spec.Customer.Given(MappedWithUsage()).When(Propose()).Decide()));

    private static CustomerEvent[] Approved() =>
        [.. MappedWithUsage(), Proposed(), new LineAdditionApproved(Proposal, December, null, Sample.Person, Sample.Now)];

    private static LineAdditionRequested Requested() =>
        Assert.IsType<LineAdditionRequested>(Assert.Single(Spec.Customer.Given(Approved()).When(new RequestLineAddition(Write, Proposal, "sync:write-back", Sample.Now)).Decide()));

    [Fact]
    public void AnUnbilledServiceIsProposedAtTheTemplatesProductPriceAndTheBillableQuantity()
    {
        var proposed = Proposed();

        Assert.Equal(
            (Product, 2m, 2m, Price, December, "cw-250", "agr-77"),
            (proposed.ProductId, proposed.Quantity, proposed.BillableQuantity, proposed.UnitPrice, proposed.EffectiveDate, proposed.PsaCompanyId, proposed.AgreementId));
    }

    [Fact]
    public void AGivenQuantityIsProposedInsteadOfTheBillableOne() =>
        Assert.Equal(5m, Assert.IsType<LineAdditionProposed>(Assert.Single(Spec.Customer.Given(MappedWithUsage()).When(Propose(quantity: 5m)).Decide())).Quantity);

    [Fact]
    public void ProposingTheSameAdditionAgainChangesNothing() =>
        Spec.Customer.Given([.. MappedWithUsage(), Proposed()]).When(Propose()).ThenNothing();

    [Fact]
    public void CantProposeForACustomerWithoutAnAccountMapping() =>
        Spec.Customer.Given(Sample.Recorded()).When(Propose()).ThenViolates("line_addition.account_not_mapped");

    [Fact]
    public void CantProposeAServiceAlreadyMappedToALine()
    {
        CustomerEvent[] given = [.. MappedWithUsage(), Sample.ServiceMapped(BillableService.EndpointBackup, "line-ep")];

        Assert.True(Spec.Customer.Given(given).When(Propose(given: given)).ThenViolates("line_addition.service_mapped").ConflictsWithRecord);
    }

    [Fact]
    public void CantProposeASecondAdditionWhileOneIsOpen() =>
        Spec.Customer.Given([.. MappedWithUsage(), Proposed()]).When(Propose() with { ProposalId = Guid.NewGuid() }).ThenViolates("line_addition.already_proposed");

    [Fact]
    public void CantProposeAServiceDattoReportsNothingBillableFor() =>
        Spec.Customer.Given(MappedWithUsage()).When(Propose(templates: [Template(line: new ServiceLine(BillableService.OffsiteStorage, "x"))], line: new ServiceLine(BillableService.OffsiteStorage, "x")))
            .ThenViolates("line_addition.not_billable");

    [Fact]
    public void CantProposeAProductThatIsNotATemplateOfTheService() =>
        Spec.Customer.Given(MappedWithUsage()).When(Propose(productId: "4242")).ThenViolates("line_addition.unknown_product");

    [Fact]
    public void ATemplateOfAnotherPsaDoesNotApply() =>
        Spec.Customer.Given(MappedWithUsage()).When(Propose(templates: [Template(psa: PsaKind.Syncro)])).ThenViolates("line_addition.no_template");

    [Fact]
    public void SeveralTemplatesForTheServiceNeedTheProductNamed()
    {
        IReadOnlyCollection<ServiceTemplate> templates = [Template(), Template("9100", price: new Money(6m, "EUR"))];

        Spec.Customer.Given(MappedWithUsage()).When(Propose(templates)).ThenViolates("line_addition.product_ambiguous");
        var named = Assert.IsType<LineAdditionProposed>(Assert.Single(Spec.Customer.Given(MappedWithUsage()).When(Propose(templates, productId: "9100")).Decide()));
        Assert.Equal(("9100", 6m), (named.ProductId, named.UnitPrice.Amount));
    }

    [Fact]
    public void ATemplateWithoutAPriceCannotAddALine() =>
        Spec.Customer.Given(MappedWithUsage()).When(Propose(templates: [new ServiceTemplate(new ServiceTemplateKey(PsaKind.ConnectWise, Product), Endpoints, UnitRule.Each, null)]))
            .ThenViolates("line_addition.no_price");

    [Fact]
    public void AutotaskTakesWholeUnitsOnly()
    {
        CustomerEvent[] given = [Sample.Recorded(), Sample.AccountMapped(PsaKind.Autotask)];

        Spec.Customer.Given(given).When(Propose(templates: [Template(psa: PsaKind.Autotask)], quantity: 2.5m, given: given)).ThenViolates("line_addition.fractional_quantity");
    }

    [Fact]
    public void AnApprovalKeepsTheProposedDateUnlessItNamesOne()
    {
        Spec.Customer.Given([.. MappedWithUsage(), Proposed()]).When(new ApproveLineAddition(Proposal, "ok", null, Sample.Person, Sample.Now))
            .Then(new LineAdditionApproved(Proposal, December, "ok", Sample.Person, Sample.Now));
        Spec.Customer.Given([.. MappedWithUsage(), Proposed()]).When(new ApproveLineAddition(Proposal, null, December.AddMonths(1), Sample.Person, Sample.Now))
            .Then(new LineAdditionApproved(Proposal, December.AddMonths(1), null, Sample.Person, Sample.Now));
    }

    [Fact]
    public void ARejectedAdditionCannotBeApproved() =>
        Spec.Customer.Given([.. MappedWithUsage(), Proposed(), new LineAdditionRejected(Proposal, "bundle", Sample.Person, Sample.Now)])
            .When(new ApproveLineAddition(Proposal, null, null, Sample.Person, Sample.Now))
            .ThenViolates("proposal.not_pending");

    [Fact]
    public void ThePendingAdditionCannotBeRequested() =>
        Spec.Customer.Given([.. MappedWithUsage(), Proposed()]).When(new RequestLineAddition(Write, Proposal, "sync:write-back", Sample.Now)).ThenViolates("line_addition.not_approved");

    [Fact]
    public void TheRequestsKeyDerivesFromTheProposalAlone()
    {
        var requested = Requested();
        var other = Assert.IsType<LineAdditionRequested>(Assert.Single(
            Spec.Customer.Given(Approved()).When(new RequestLineAddition(Guid.NewGuid(), Proposal, "sync:write-back", Sample.Now.AddHours(1))).Decide()));

        Assert.Equal($"ConnectWise:agr-77:add:{Product}:{Proposal:N}", requested.IdempotencyKey);
        Assert.Equal(requested.IdempotencyKey, other.IdempotencyKey);
        Assert.Equal((2m, 4.5m, December), (requested.Quantity, requested.UnitPrice, requested.EffectiveDate));
    }

    [Fact]
    public void ARequestedAdditionIsNotRequestedTwice() =>
        Spec.Customer.Given([.. Approved(), Requested()]).When(new RequestLineAddition(Guid.NewGuid(), Proposal, "sync:write-back", Sample.Now)).ThenNothing();

    [Fact]
    public void TheAddedLineIsRecordedObservedAndMappedWithTheTemplatesRuleAndPrice()
    {
        var state = Spec.Customer.Given([.. Approved(), Requested()])
            .When(new RecordLineAdded(Write, "cw:250:77:901", 2m, false, "ReadBack", "sync:write-back", Sample.Now))
            .Then(
                new LineAdded(Write, Proposal, "cw:250:77:901", 2m, "ReadBack", "sync:write-back", Sample.Now),
                new ServiceMappedByLineAddition(Proposal, BillableService.EndpointBackup, null, "cw:250:77:901", UnitRule.Each.ToTerms(), Price, Sample.Now, "sync:write-back", Sample.Now))
            .Aggregate(CustomerState.Fold([.. Approved(), Requested()]), CustomerState.Evolve);

        Assert.Equal(("cw:250:77:901", Price), (state.Services[Endpoints].PsaLineId, state.Services[Endpoints].UnitPrice));
        Assert.Equal(2m, state.PsaLines["cw:250:77:901"].Quantity);
        Assert.Equal(LineAdditionStatus.Added, state.LineAdditions[Proposal].Status);
        Assert.Null(state.OpenLineAdditionFor(Endpoints));
    }

    [Fact]
    public void AnExistingLineForTheProductIsMappedInsteadAndSaysSo() =>
        Spec.Customer.Given([.. Approved(), Requested()])
            .When(new RecordLineAdded(Write, "cw:250:77:300", 7m, true, "ProductAlreadyOnAgreement", "sync:write-back", Sample.Now))
            .Then(
                new LineAdditionFoundExistingLine(Write, Proposal, "cw:250:77:300", 7m, "sync:write-back", Sample.Now),
                new ServiceMappedByLineAddition(Proposal, BillableService.EndpointBackup, null, "cw:250:77:300", UnitRule.Each.ToTerms(), Price, Sample.Now, "sync:write-back", Sample.Now));

    [Fact]
    public void RecordingTheSameLineAgainChangesNothing()
    {
        var added = new LineAdded(Write, Proposal, "cw:250:77:901", 2m, "ReadBack", "sync:write-back", Sample.Now);

        Spec.Customer.Given([.. Approved(), Requested(), added])
            .When(new RecordLineAdded(Write, "cw:250:77:901", 2m, false, "FoundByMarker", "sync:write-back", Sample.Now))
            .ThenNothing();
    }

    [Fact]
    public void APersonsMappingMadeMeanwhileWinsOverTheAutomaticOne() =>
        Spec.Customer.Given([.. Approved(), Requested(), Sample.ServiceMapped(BillableService.EndpointBackup, "line-by-hand")])
            .When(new RecordLineAdded(Write, "cw:250:77:901", 2m, false, "ReadBack", "sync:write-back", Sample.Now))
            .Then(new LineAdded(Write, Proposal, "cw:250:77:901", 2m, "ReadBack", "sync:write-back", Sample.Now));

    [Fact]
    public void AFailedAdditionIsClosedWithTheReasonAndLetsANewOneBeProposed()
    {
        CustomerEvent[] failed = [.. Approved(), Requested(), new LineAdditionFailed(Write, Proposal, "agreement type refuses additions", "sync:write-back", Sample.Now)];

        Assert.Equal("agreement type refuses additions", CustomerState.Fold(failed).LineAdditions[Proposal].Error);
        Assert.IsType<LineAdditionProposed>(Assert.Single(Spec.Customer.Given(failed).When(Propose() with { ProposalId = Guid.NewGuid() }).Decide()));
    }
}
