using LedgerReconcile.Domain;
using LedgerReconcile.EventStore;

namespace LedgerReconcile.Application.Proposals;

public enum ProposalDecision
{
    Approve,
    Reject,
    Dismiss,
}

/// <summary>
/// One person's decision on many proposals, named by <see cref="ProposalIds"/> or by <see cref="Filter"/> (exactly one).
/// Each proposal is decided on its own customer stream under its own command id and the request's one correlation id;
/// an approval takes effect on <see cref="EffectiveDate"/>, by default the 1st of next month (MSPs bill in advance).
/// </summary>
/// <param name="Reason">Required to reject or dismiss; the note of an approval.</param>
public sealed record DecideProposals(
    CommandContext Context,
    string Decision,
    IReadOnlyList<Guid>? ProposalIds,
    ProposalFilter? Filter,
    string? Reason,
    DateOnly? EffectiveDate) : ICommand<ProposalDecisions>, ILedgerCommand, IUserCommand;

public enum ItemOutcome
{
    Applied,
    NoOp,
    Refused,
}

/// <param name="Code">Why it was refused, as a ProblemDetails type would say it (<c>proposal.unknown</c>, <c>proposal.not_pending</c>).</param>
public sealed record ProposalDecisionResult(
    Guid ProposalId,
    string? CustomerKey,
    ItemOutcome Outcome,
    IReadOnlyList<string> Appended,
    string? Note,
    string? Code,
    string? Detail);

public sealed record ProposalDecisions(string CorrelationId, string Decision, DateOnly? EffectiveDate, int Matched, int Applied, IReadOnlyList<ProposalDecisionResult> Items);

public sealed class DecideProposalsValidator : LedgerCommandValidator<DecideProposals>
{
    public const int MaxItems = 1000;

    public DecideProposalsValidator(TimeProvider clock)
    {
        RuleFor(c => c.Decision).IsOneOf<DecideProposals, ProposalDecision>();
        RuleFor(c => c)
            .Must(c => (c.ProposalIds is null) != (c.Filter is null))
            .WithName("ProposalIds")
            .WithMessage("Name the proposals either by 'proposalIds' or by 'filter', exactly one of the two.");
        RuleFor(c => c.ProposalIds).Must(ids => ids is null || ids.Count is > 0 and <= MaxItems).WithMessage($"'ProposalIds' holds 1 to {MaxItems} ids.");
        RuleForEach(c => c.ProposalIds).NotEmpty();
        RuleFor(c => c.Filter!).SetValidator(new ProposalFilterValidator()).When(c => c.Filter is not null);
        RuleFor(c => c.Filter!.Status)
            .Must(s => s != ProposalFilterValidator.Blocked)
            .When(c => c.Filter is not null)
            .WithMessage("A blocked line has no proposal to decide; decide its assets or its PSA line first.");
        RuleFor(c => c.Reason!).IsReason().When(c => c.Decision != nameof(ProposalDecision.Approve));
        RuleFor(c => c.Reason).IsFreeText(LedgerRules.ReasonLength, multiline: true);
        RuleFor(c => c.EffectiveDate).IsLedgerDate(clock).When(c => c.EffectiveDate is not null);
        RuleFor(c => c.EffectiveDate).Null().When(c => c.Decision != nameof(ProposalDecision.Approve)).WithMessage("Only an approval takes an effective date.");
    }
}

public sealed class DecideProposalsHandler(ProposalFinder finder, CustomerLedger customers, TimeProvider clock)
    : ICommandHandler<DecideProposals, ProposalDecisions>
{
    public async ValueTask<ProposalDecisions> Handle(DecideProposals command, CancellationToken cancellationToken)
    {
        var decision = EnumText.Parse<ProposalDecision>(command.Decision);
        var context = command.Context;
        var effective = decision == ProposalDecision.Approve ? command.EffectiveDate ?? BillingMonth.FirstOfNext(clock.GetUtcNow()) : (DateOnly?)null;
        var targets = await TargetsAsync(command, cancellationToken);
        var results = new List<ProposalDecisionResult>();
        foreach (var ((proposalId, owner), index) in targets.Select((t, i) => (t, i)))
        {
            if (owner is not { CustomerKey: var customerKey })
            {
                results.Add(Refused(proposalId, null, "proposal.unknown", $"There is no proposal {proposalId} in this tenant."));
                continue;
            }

            if (owner.IsLineAddition && decision == ProposalDecision.Dismiss)
            {
                results.Add(Refused(proposalId, customerKey, "line_addition.not_dismissable", "A line addition is approved or rejected; only a quantity change is dismissed for the month."));
                continue;
            }

            var item = new DecisionItem(context with { CommandId = EventIds.Derive(context.CommandId, index), ExpectedRevision = null });
            var domain = owner.IsLineAddition ? LineAdditionDecision(decision, proposalId, command) : decision switch
            {
                ProposalDecision.Approve => (Func<DateTimeOffset, CustomerCommand>)(now => new CustomerCommand.ApproveQuantityChange(proposalId, command.Reason, context.Actor, now, effective)),
                ProposalDecision.Reject => now => new CustomerCommand.RejectQuantityChange(proposalId, command.Reason!, context.Actor, now),
                _ => now => new CustomerCommand.DismissQuantityChange(proposalId, command.Reason!, context.Actor, now),
            };
            results.Add(await DecideOneAsync(item, customerKey, proposalId, domain, cancellationToken));
        }

        return new ProposalDecisions(context.CorrelationId, decision.ToString(), effective, targets.Count, results.Count(r => r.Outcome == ItemOutcome.Applied), results);
    }

    // A line addition keeps its proposed effective date unless the decision names one.
    private static Func<DateTimeOffset, CustomerCommand> LineAdditionDecision(ProposalDecision decision, Guid proposalId, DecideProposals command) =>
        decision == ProposalDecision.Approve
            ? now => new CustomerCommand.ApproveLineAddition(proposalId, command.Reason, command.EffectiveDate, command.Context.Actor, now)
            : now => new CustomerCommand.RejectLineAddition(proposalId, command.Reason!, command.Context.Actor, now);

    // By ids: every id is answered, an unknown one as refused. By filter: what the filter takes now (quantity changes only).
    private async Task<IReadOnlyList<(Guid ProposalId, ProposalOwner? Owner)>> TargetsAsync(DecideProposals command, CancellationToken cancellationToken)
    {
        if (command.Filter is { } filter)
        {
            return [.. (await finder.FindAsync(command.Context.Tenant, filter, cancellationToken))
                .Where(f => f.Item.ProposalId is not null)
                .Select(f => (f.Item.ProposalId!.Value, (ProposalOwner?)new ProposalOwner(f.Item.CustomerKey, IsLineAddition: false)))];
        }

        var owners = await finder.OwnersAsync(command.Context.Tenant, cancellationToken);
        return [.. command.ProposalIds!.Distinct().Select(id => (id, owners.GetValueOrDefault(id)))];
    }

    private async Task<ProposalDecisionResult> DecideOneAsync(
        DecisionItem item, string customerKey, Guid proposalId, Func<DateTimeOffset, CustomerCommand> domain, CancellationToken cancellationToken)
    {
        try
        {
            var result = await customers.DecideAsync(item, customerKey, domain, cancellationToken);
            return result.Appended.Count > 0
                ? new ProposalDecisionResult(proposalId, customerKey, ItemOutcome.Applied, result.Appended, null, null, null)
                : new ProposalDecisionResult(proposalId, customerKey, ItemOutcome.NoOp, [], result.Note, null, null);
        }
        catch (RuleViolationException violation)
        {
            return Refused(proposalId, customerKey, violation.Rule, violation.Message);
        }
        catch (WrongExpectedRevisionException)
        {
            return Refused(proposalId, customerKey, "concurrency.conflict", "The customer's ledger changed while deciding; decide this proposal again.");
        }
    }

    private static ProposalDecisionResult Refused(Guid proposalId, string? customerKey, string code, string detail) =>
        new(proposalId, customerKey, ItemOutcome.Refused, [], null, code, detail);

    private sealed record DecisionItem(CommandContext Context) : IUserCommand;
}
