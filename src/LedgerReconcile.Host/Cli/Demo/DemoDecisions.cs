using LedgerReconcile.Application;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Proposals;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using Mediator;

namespace LedgerReconcile.Host.Cli.Demo;

/// <summary>What finance decides in the demo's month, through the same commands the API sends.</summary>
public static class DemoDecisions
{
    public const string RejectReason = "Customer disputes the count; checking with their IT lead first";

    /// <summary>
    /// An ignore decision on the first customer (the MSP's own monitoring server) and include decisions for the shares
    /// of every other customer, so the audit trail shows both and those lines are not blocked by waiting assets.
    /// </summary>
    public static async Task DecideAssetsAsync(IMediator mediator, Func<CommandContext> context, IReadOnlyList<string> customers, CancellationToken ct)
    {
        foreach (var (customer, index) in customers.Select((c, i) => (c, i)))
        {
            var state = (await mediator.Send(new GetCustomerLedger(context().Tenant, customer), ct)).State;
            if (state.Usage?.Content is not { } content)
            {
                continue;
            }

            if (index == 0 && content.Volumes.FirstOrDefault(v => v.Type == VolumeType.Agent) is { } agent && !state.Ignored.ContainsKey(AssetRef.Volume(agent.VolumeId)))
            {
                await mediator.Send(new IgnoreAsset(context(), customer, nameof(AssetKind.Volume), agent.VolumeId,
                    $"{agent.Name} is the MSP's own monitoring server, protected at no charge"), ct);
            }

            if (index % 2 == 1 && content.Volumes.FirstOrDefault(v => v.Type == VolumeType.Share) is { } share && !state.Included.ContainsKey(AssetRef.Volume(share.VolumeId)))
            {
                await mediator.Send(new IncludeAsset(context(), customer, nameof(AssetKind.Volume), share.VolumeId,
                    $"Customer asked us to protect the '{share.Name}' share; billed as an agent"), ct);
            }
        }
    }

    /// <summary>
    /// Finance's monthly pass over the automatic proposals: one is rejected with a reason, every other pending one is
    /// approved in one bulk decision.
    /// </summary>
    public static async Task<(int Approved, int Rejected)> DecideProposalsAsync(IMediator mediator, CommandContext context, DateOnly effective, CancellationToken ct)
    {
        var pending = await mediator.Send(new ListProposals(context.Tenant, new ProposalFilter(Status: nameof(ProposalStatus.Pending))), ct);
        var rejected = 0;
        // The disputed one comes from the PSA with the most proposals, so every PSA still gets a write.
        var busiest = pending.GroupBy(p => p.Psa).MaxBy(g => g.Count());
        if (pending.Count > 1 && busiest?.Last().ProposalId is { } disputed)
        {
            var reject = await mediator.Send(new DecideProposals(context, nameof(ProposalDecision.Reject), [disputed], null, RejectReason, null), ct);
            rejected = reject.Applied;
        }

        if (pending.Count == 0)
        {
            return (0, rejected);
        }

        var approve = await mediator.Send(new DecideProposals(context with { CommandId = Guid.CreateVersion7() }, nameof(ProposalDecision.Approve), null,
            new ProposalFilter(Status: nameof(ProposalStatus.Pending)), "Matches the Datto portal", effective), ct);
        return (approve.Applied, rejected);
    }
}
