using System.Globalization;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Simulators.Psa;
using LedgerReconcile.Simulators.Psa.Autotask;
using LedgerReconcile.Simulators.Psa.ConnectWise;
using LedgerReconcile.Simulators.Psa.Halo;
using LedgerReconcile.Simulators.Psa.Syncro;

namespace LedgerReconcile.Psa.Tests.Corpus;

public enum DirectoryBoundary { CompanySearch, AgreementList, AgreementLines, AddLineAnswer }

/// <summary>The bad-input corpus at the directory reads and the answer to an added line: a typed failure, never a crash.</summary>
public sealed class DirectoryHostileAnswerTests
{
    private static readonly DateOnly June = new(2026, 6, 1);

    public static TheoryData<PsaKind, DirectoryBoundary, string> Cases()
    {
        var cases = new TheoryData<PsaKind, DirectoryBoundary, string>();
        foreach (var psa in new[] { PsaKind.ConnectWise, PsaKind.Autotask, PsaKind.HaloPsa, PsaKind.Syncro })
            foreach (var boundary in Enum.GetValues<DirectoryBoundary>())
                foreach (var (name, _) in PsaHostileBodies.Structural)
                    cases.Add(psa, boundary, name);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AHostileDirectoryAnswerEndsInATypedFailureNeverACrashOrASecondLine(PsaKind kind, DirectoryBoundary boundary, string name)
    {
        var body = PsaHostileBodies.Structural.Single(c => c.Name == name).Body;
        var (psa, host, _, _) = await HostileAnswerTests.StartAsync(kind);
        await using var _ = psa;
        await using var __ = host;
        var (company, agreement, product) = Target(kind);

        if (boundary == DirectoryBoundary.AddLineAnswer)
        {
            psa.Faults.OnNextWrites(new SimulatedFault.Respond(body, 200, AfterApply: true));
            var outcome = await host.Connector.AddLineAsync(new NewPsaLine(company, agreement, product, 3, 2m, June, "approval-hostile", "Hostile"));
            var matching = (await host.Connector.ListAgreementLinesAsync(company, agreement, June)).Count(l => l.ProductId == product);
            Assert.Equal(outcome is LineAdditionOutcome.Added or LineAdditionOutcome.AlreadyAdded or LineAdditionOutcome.OutcomeUnknown ? 1 : 0, matching);
        }
        else
        {
            psa.Faults.OnNextReads(new SimulatedFault.Respond(body, 200, PathContains: PathOf(kind, boundary)));
            try
            {
                switch (boundary)
                {
                    case DirectoryBoundary.CompanySearch:
                        Assert.All(await host.Connector.SearchCompaniesAsync("a"), c => Assert.False(string.IsNullOrEmpty(c.Id)));
                        break;
                    case DirectoryBoundary.AgreementList:
                        Assert.All(await host.Connector.ListAgreementsAsync(company), a => Assert.Equal(company, a.CompanyId));
                        break;
                    default:
                        Assert.All(await host.Connector.ListAgreementLinesAsync(company, agreement, June), l => Assert.Equal(company, l.CompanyId));
                        break;
                }
            }
            catch (PsaException)
            {
            }
        }
        Assert.Empty(psa.UnhandledExceptions);
    }

    private static (string Company, string Agreement, string Product) Target(PsaKind kind) => kind switch
    {
        PsaKind.ConnectWise => (Id(ConnectWiseSeed.Initech), Id(ConnectWiseSeed.InitechManaged), "9502"),
        PsaKind.Autotask => (Id(AutotaskSeed.Initech), Id(AutotaskSeed.InitechManaged), "3009"),
        PsaKind.HaloPsa => (Id(HaloSeed.Initech), Id(HaloSeed.InitechManaged), "777"),
        _ => (Id(SyncroSeed.Acme), Id(SyncroSeed.AcmeManagedServices), "9099"),
    };

    private static string PathOf(PsaKind kind, DirectoryBoundary boundary) => (kind, boundary) switch
    {
        (PsaKind.ConnectWise, DirectoryBoundary.CompanySearch) => "company/companies",
        (PsaKind.ConnectWise, DirectoryBoundary.AgreementList) => "finance/agreements?",
        (PsaKind.ConnectWise, _) => "/additions?",
        (PsaKind.Autotask, DirectoryBoundary.CompanySearch) => "Companies/query",
        (PsaKind.Autotask, DirectoryBoundary.AgreementList) => "Contracts/query",
        (PsaKind.Autotask, _) => "ContractServiceUnits",
        (PsaKind.HaloPsa, DirectoryBoundary.CompanySearch) => "api/Client",
        (PsaKind.HaloPsa, DirectoryBoundary.AgreementList) => "RecurringInvoice?client_id",
        (PsaKind.HaloPsa, _) => "RecurringInvoice/",
        (_, DirectoryBoundary.CompanySearch) => "customers",
        (_, DirectoryBoundary.AgreementList) => "schedules?",
        _ => "schedules/",
    };

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
