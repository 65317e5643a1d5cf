using FluentValidation;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Mapping;
using LedgerReconcile.Application.Proposals;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LedgerReconcile.Application.Tests.Mapping;

/// <summary>Suggestions and bulk confirmation through the real mediator on a real SQLite file, the PSA answering from memory.</summary>
public class MappingAssistantTests
{
    private const string Tenant = LedgerHost.Tenant;
    private const string Acme = Snapshots.CustomerKey;
    private const string Globex = "org-4712";

    private readonly FixedPsaDirectory _psa = new();

    public MappingAssistantTests()
    {
        _psa.Companies.AddRange(
        [
            new("19300", "Acme Limited", true, "ACME"),
            new("19301", "Globex Logistics", true, "GLOBEX"),
            new("19302", "Acme Holdings", false, "ACMEH"),
            new("19303", "Northwind Traders", true, "NORTH"),
        ]);
        _psa.Agreements["19300"] = [new("801", "Acme Managed Services", "Managed Services", true, "Active", new DateOnly(2025, 1, 1), null)];
        _psa.Agreements["19301"] = [new("804", "Globex MSA", "Managed Services", true, "Active", null, null)];
        _psa.Lines["801"] =
        [
            Line("cw:19300:801:40001", "9001", 22m),
            Line("cw:19300:801:40002", "9002", 6.5m),
            Line("cw:19300:801:40003", "9001", 21m),
        ];
    }

    private static PsaLineEntry Line(string lineRef, string productId, decimal price) =>
        new(lineRef, productId, "Line " + productId, 12, price, true, "Active", null, null);

    private static CommandContext Person(string correlation = "corr-assistant") => new(Tenant, Snapshots.Person, correlation, Guid.CreateVersion7());

    private async Task<LedgerHost> StartAsync()
    {
        var host = await LedgerHost.StartAsync(configure: services => services.Replace(ServiceDescriptor.Singleton<ITenantPsaDirectory>(_psa)));
        await host.SendAsync(Snapshots.Mixed());
        await host.SendAsync(Snapshots.Mixed("run-1/4712") with { OrganizationId = 4712, OrganizationName = "Globex Logistics, Inc.", ClientCompanyName = "Globex Logistics, Inc." });
        return host;
    }

    private static SetServiceTemplate AgentsTemplate() =>
        new(Person(), "ConnectWise", "9001", "PerAgent", null, UnitRuleInput.Each, new PriceInput(20m, "USD"));

    [Fact]
    public async Task EveryUnmappedOrganizationIsListedWithTheMostAlikeCompaniesFirst()
    {
        await using var host = await StartAsync();

        var suggestions = await host.SendAsync(new SuggestAccountMappings(Tenant, "ConnectWise"));

        Assert.Equal(2, suggestions.Unmapped);
        var acme = suggestions.Organizations.Single(o => o.CustomerKey == Acme);
        Assert.Equal("Acme Ltd", acme.OrganizationName);
        Assert.Equal(["19300", "19302"], acme.Candidates.Select(c => c.CompanyId));
        Assert.Equal(1, acme.Candidates[0].Score);
        Assert.True(acme.Candidates[1].Score < 1);
        var globex = suggestions.Organizations.Single(o => o.CustomerKey == Globex);
        Assert.Equal("19301", Assert.Single(globex.Candidates).CompanyId);
        Assert.Equal(1, _psa.CompanyReads);
    }

    [Fact]
    public async Task AMappedOrganizationIsNoLongerSuggested()
    {
        await using var host = await StartAsync();
        await host.SendAsync(new MapAccount(Person(), Acme, null, "Acme Ltd", "ConnectWise", "19300", "Acme Limited", "801", null));

        var suggestions = await host.SendAsync(new SuggestAccountMappings(Tenant, "ConnectWise"));

        Assert.Equal([Globex], suggestions.Organizations.Select(o => o.CustomerKey));
    }

    [Fact]
    public async Task WithNothingUnmappedThePsaIsNotRead()
    {
        await using var host = await LedgerHost.StartAsync(configure: services => services.Replace(ServiceDescriptor.Singleton<ITenantPsaDirectory>(_psa)));

        var suggestions = await host.SendAsync(new SuggestAccountMappings(Tenant, "ConnectWise"));

        Assert.Empty(suggestions.Organizations);
        Assert.Equal(0, _psa.CompanyReads);
    }

    [Fact]
    public async Task SuggestionsForAPsaWithoutCredentialsSaySo()
    {
        await using var host = await StartAsync();

        var refused = await Assert.ThrowsAsync<PsaNotConnectedException>(() => host.SendAsync(new SuggestAccountMappings(Tenant, "Autotask")));

        Assert.Contains("/api/integrations/autotask/credentials", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABulkConfirmationMapsTheValidItemsAppliesTheTemplatesAndAppendsNothingForTheOthers()
    {
        await using var host = await StartAsync();
        await host.SendAsync(AgentsTemplate());
        var globexBefore = await host.ReadAsync(StreamNames.Customer(Tenant, Globex));

        var confirmed = await host.SendAsync(new ConfirmAccountMappings(Person("corr-bulk"),
        [
            new(Acme, "ConnectWise", "19300", "801", null),
            new("org-9999", "ConnectWise", "19300", "801", null),
            new(Globex, "ConnectWise", "abc", "804", null),
            new(Globex, "ConnectWise", "19301", "999", null),
            new(Globex, "ConnectWise", "55555", "804", null),
            new(Globex, "Autotask", "19301", "804", null),
            new(Globex, "Kaseya", "19301", "804", null),
        ]));

        Assert.Equal("corr-bulk", confirmed.CorrelationId);
        Assert.Equal(1, confirmed.Applied);
        Assert.Equal(
            [null, "customer.unknown", "item.invalid", "psa.agreement_unknown", "psa.company_unknown", "psa.not_connected", "item.invalid"],
            confirmed.Items.Select(i => i.Code));
        var acme = confirmed.Items[0];
        Assert.Equal(ItemOutcome.Applied, acme.Outcome);
        Assert.Equal("Acme Limited", acme.PsaCompanyName);
        Assert.Equal(
            [("cw:19300:801:40001", ItemOutcome.Applied), ("cw:19300:801:40003", ItemOutcome.Refused)],
            acme.Templates.Select(t => (t.LineRef, t.Outcome)));
        Assert.Equal("service_template.service_mapped_elsewhere", acme.Templates[1].Code);

        var ledger = (await host.ReadAsync(StreamNames.Customer(Tenant, Acme))).Select(e => EventSerializer.Deserialize(e.Type, e.Data)).ToList();
        Assert.Equal("Acme Limited", ledger.OfType<CustomerEvent.AccountMapped>().Single().PsaCompanyName);
        var mapped = ledger.OfType<CustomerEvent.ServiceMapped>().Single();
        Assert.Equal(("cw:19300:801:40001", BillableService.PerAgent), (mapped.PsaLineId, mapped.Service));
        Assert.Equal(new Money(22m, "USD"), mapped.UnitPrice);
        Assert.Equal(globexBefore.Count, (await host.ReadAsync(StreamNames.Customer(Tenant, Globex))).Count);
        Assert.Null(await host.Store.ReadStreamRevisionAsync(StreamNames.Customer(Tenant, "org-9999")));
    }

    [Fact]
    public async Task ConfirmingTheSameMappingAgainChangesNothing()
    {
        await using var host = await StartAsync();
        await host.SendAsync(AgentsTemplate());
        await host.SendAsync(new ConfirmAccountMappings(Person(), [new(Acme, "ConnectWise", "19300", "801", null)]));
        var before = (await host.ReadAsync(StreamNames.Customer(Tenant, Acme))).Count;

        var again = await host.SendAsync(new ConfirmAccountMappings(Person(), [new(Acme, "ConnectWise", "19300", "801", null)]));

        Assert.Equal(ItemOutcome.NoOp, again.Items[0].Outcome);
        Assert.Equal(ItemOutcome.NoOp, again.Items[0].Templates[0].Outcome);
        Assert.Equal(before, (await host.ReadAsync(StreamNames.Customer(Tenant, Acme))).Count);
    }

    [Fact]
    public async Task ConfirmingAnotherAgreementForAMappedCustomerIsRefused()
    {
        await using var host = await StartAsync();
        _psa.Agreements["19300"].Add(new("802", "Acme Backup", "Managed Services", true, "Active", null, null));
        await host.SendAsync(new ConfirmAccountMappings(Person(), [new(Acme, "ConnectWise", "19300", "801", null)]));

        var other = await host.SendAsync(new ConfirmAccountMappings(Person(), [new(Acme, "ConnectWise", "19300", "802", null)]));

        Assert.Equal("account.already_mapped", other.Items[0].Code);
    }
}
