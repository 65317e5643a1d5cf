using LedgerReconcile.Application;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Mapping;
using LedgerReconcile.Application.Proposals;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Integrations.WriteBack;
using Mediator;

namespace LedgerReconcile.Host.Cli.Demo;

/// <summary>
/// New revenue in the demo's month: the MSP starts billing endpoint backup on Syncro with a product no agreement
/// carries yet, so a mapped Syncro customer with endpoint agents is listed as new revenue; finance proposes the
/// line, approves it by id, and the same write-back adds it and maps the service.
/// </summary>
public static class DemoNewRevenue
{
    private const string EndpointBackupProduct = "9701";

    public static async Task SetTemplateAsync(IMediator mediator, CommandContext admin, CancellationToken ct) =>
        await mediator.Send(new SetServiceTemplate(admin, nameof(PsaKind.Syncro), EndpointBackupProduct, nameof(BillableService.EndpointBackup), null,
            UnitRuleInput.Each, new PriceInput(4.5m, "USD")), ct);

    /// <summary>Adds the first priced new-revenue line on Syncro, if the month has one; returns how many lines were added.</summary>
    public static async Task<int> AddFirstAsync(IMediator mediator, Func<Task<WriteBackReport>> writeBack, Func<CommandContext> finance, DateOnly effective, TextWriter log, CancellationToken ct)
    {
        var tenant = finance().Tenant;
        var listed = await mediator.Send(new ListNewRevenue(tenant, new NewRevenueFilter(Psa: nameof(PsaKind.Syncro), Service: nameof(BillableService.EndpointBackup))), ct);
        if (listed.FirstOrDefault(i => i.MonthlyAmount is not null && i.Addition is null) is not { } item)
        {
            log.WriteLine("  New revenue: none on Syncro this month.");
            return 0;
        }

        var proposal = finance();
        await mediator.Send(new ProposeLineAddition(proposal, item.CustomerKey, item.Service.ToString(), item.SeatType, null, null, effective), ct);
        await mediator.Send(new DecideProposals(finance(), nameof(ProposalDecision.Approve), [proposal.CommandId], null, "Customer signed for endpoint backup", null), ct);
        var added = (await writeBack()).Steps.Count(s => s.Action == WriteBackAction.LineAdded);
        log.WriteLine($"  New revenue: {item.CustomerKey} endpoint backup, {item.BillableQuantity} × 4.50 USD a month; {added} line added on Syncro and mapped.");
        return added;
    }
}
