using LedgerReconcile.Application;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Mapping;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Integrations.PsaRead;
using LedgerReconcile.Simulators.Psa.ConnectWise;
using static LedgerReconcile.Domain.Customers.CustomerEvent;
using LedgerStatus = LedgerReconcile.Domain.Customers.PsaLineStatus;

namespace LedgerReconcile.Integrations.Tests.PsaRead;

/// <summary>What ConnectWise says beyond the quantity: who edited a line and when, cancellations, company renames.</summary>
public sealed class ConnectWisePsaReadTests
{
    private static ConnectWiseSimulator Simulator(PsaReadBed bed) => (ConnectWiseSimulator)bed.Psa.Simulator;

    [Fact]
    public async Task AnEditByAPersonIsRecordedWithWhoAndWhen()
    {
        await using var bed = await PsaReadBed.StartAsync(PsaKind.ConnectWise);
        await bed.ReadAsync();
        var at = new DateTimeOffset(2026, 6, 3, 14, 5, 0, TimeSpan.Zero);

        Simulator(bed).EditByHand(ConnectWiseSeed.AcmeM365, 13, "j.smith", at);
        await bed.ReadAsync();

        var edit = (await bed.LedgerAsync()).OfType<PsaLineQuantityChanged>().Last();
        Assert.Equal((13m, "j.smith", at), (edit.Quantity, edit.ChangedBy, edit.ChangedAt));
        Assert.Contains((await bed.LedgerAsync()).OfType<QuantityChangeWithdrawn>(), w => w.Reason.Contains("by j.smith", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACancelledLineIsRecordedAsCancelledAndItsProposalGivesWayToABlockedLine()
    {
        await using var bed = await PsaReadBed.StartAsync(PsaKind.ConnectWise);
        await bed.ReadAsync();

        Simulator(bed).Cancel(ConnectWiseSeed.AcmeM365, new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));
        await bed.ReadAsync();

        var ended = Assert.Single((await bed.LedgerAsync()).OfType<PsaLineStatusChanged>());
        Assert.Equal(LedgerStatus.Cancelled, ended.Status);
        Assert.Empty(await bed.ProposalsAsync("Pending"));
        Assert.Contains(await bed.ProposalsAsync("Blocked"), b => b.PsaLineId == bed.Line.LineRef && b.BlockedBecause == BlockReason.PsaLineEnded);
    }

    [Fact]
    public async Task AServiceTemplateMapsALineOfItsProductOnTheReadAndTheLineIsObservedAndProposedInTheSameRead()
    {
        await using var bed = await PsaReadBed.StartAsync(PsaKind.ConnectWise);
        await bed.Host.SendAsync(new SetServiceTemplate(
            new CommandContext(IntegrationHost.Tenant, "admin@msp.example", "test", Guid.CreateVersion7()),
            "ConnectWise", "9002", "PerDevice", null, UnitRuleInput.Each, new PriceInput(6.5m, "USD")));
        var edrLine = bed.Line.LineRef[..(bed.Line.LineRef.LastIndexOf(':') + 1)] + ConnectWiseSeed.AcmeEdr;

        var read = await bed.ReadAsync();

        var ledger = await bed.LedgerAsync();
        var mapped = Assert.Single(ledger.OfType<ServiceMapped>(), m => m.PsaLineId == edrLine);
        Assert.Equal((BillableService.PerDevice, 6.5m), (mapped.Service, mapped.UnitPrice!.Amount));
        Assert.Equal(30m, Assert.Single(ledger.OfType<PsaLineQuantityChanged>(), q => q.PsaLineId == edrLine).Quantity);
        Assert.Contains(await bed.ProposalsAsync("Pending"), p => p.PsaLineId == edrLine && p.From == 30m && p.To == 1m);
        Assert.Equal(2, Assert.Single(read.Runs).Counts.Lines);

        await bed.ReadAsync();
        Assert.Single((await bed.LedgerAsync()).OfType<ServiceMapped>(), m => m.PsaLineId == edrLine);
    }

    [Fact]
    public async Task ACompanyRenamedOnThePsaIsRecordedAsDriftOnce()
    {
        await using var bed = await PsaReadBed.StartAsync(PsaKind.ConnectWise, companyName: "Acme Dental Old Name");

        await bed.ReadAsync();
        await bed.ReadAsync();

        var renamed = Assert.Single((await bed.LedgerAsync()).OfType<PsaCompanyRenamed>());
        Assert.Equal(("Acme Dental Old Name", "Acme Dental"), (renamed.From, renamed.To));
    }

    [Fact]
    public async Task AReadOnPostgreSqlRecordsTheLineAndTheProposal()
    {
        await using var bed = await PsaReadBed.StartAsync(PsaKind.ConnectWise, (options, services) => IntegrationHost.StartOnPostgresAsync(options, services));

        var read = await bed.ReadAsync();

        Assert.Equal(PsaReadOutcome.Completed, Assert.Single(read.Runs).Outcome);
        Assert.Equal(12m, Assert.Single((await bed.LedgerAsync()).OfType<PsaLineQuantityChanged>()).Quantity);
        Assert.Equal(15m, Assert.Single(await bed.ProposalsAsync()).To);
    }

    [Fact]
    public async Task ALineTheLedgerRefusesIsAWarningAndTheRunStillCompletes()
    {
        await using var bed = await PsaReadBed.StartAsync(PsaKind.ConnectWise);
        await bed.ReadAsync();

        // A control character in "updated by" fails the ledger's free-text rule: that line's read is refused.
        Simulator(bed).EditByHand(ConnectWiseSeed.AcmeM365, 13, "j.smith\u0007", DateTimeOffset.UtcNow.AddMinutes(-1));
        var read = await bed.ReadAsync();

        var run = Assert.Single(read.Runs);
        Assert.Equal((PsaReadOutcome.Completed, 1, 0), (run.Outcome, run.Counts.Lines, run.Counts.LinesChanged));
        Assert.Contains(run.Warnings, w => w.Kind == "PsaReadRefused" && w.Subject == PsaReadBed.CustomerKey);
        Assert.Equal(12m, Assert.Single((await bed.LedgerAsync()).OfType<PsaLineQuantityChanged>()).Quantity);
    }

    [Fact]
    public async Task ReadsOfOneTenantNeverOverlap()
    {
        await using var bed = await PsaReadBed.StartAsync(PsaKind.ConnectWise);

        var reads = await Task.WhenAll(bed.ReadAsync(), bed.ReadAsync());

        Assert.Same(reads[0], reads[1]);
    }
}
