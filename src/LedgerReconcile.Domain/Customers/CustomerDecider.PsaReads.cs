using System.Globalization;

namespace LedgerReconcile.Domain.Customers;

public static partial class CustomerDecider
{
    // A read appends only what changed; a read that confirms what the ledger holds leaves its trace on the run record.
    private static CustomerEvent[] RecordRead(RecordPsaLineRead command, CustomerState state)
    {
        EnsureReadable(state, command.PsaLineId, command.Quantity);

        if (command.Quantity is null && command.Status != PsaLineStatus.Vanished)
        {
            throw new RuleViolationException("psa.quantity_missing", $"PSA line {command.PsaLineId} was read without a quantity; only a vanished line has none.");
        }

        var known = state.PsaLines.GetValueOrDefault(command.PsaLineId);
        if (known is not null && known.ObservedAt > command.ObservedAt)
        {
            return [];
        }

        var facts = state.FactsOf(command.PsaLineId);
        var events = new List<CustomerEvent>();
        if (command.Quantity is { } quantity && known?.Quantity != quantity)
        {
            events.Add(new PsaLineQuantityChanged(command.PsaLineId, quantity, command.ChangedBy, command.ChangedAt, command.ObservedAt, command.RunId, command.Actor));
            events.AddRange(SupersededByPsaEdit(command, quantity, state));
        }

        if (facts.Billed != command.Billed)
        {
            events.Add(new PsaLineBillingChanged(command.PsaLineId, command.Billed, command.ObservedAt, command.RunId, command.Actor));
        }

        if (facts.Status != command.Status || facts.EndDate != command.EndDate)
        {
            events.Add(new PsaLineStatusChanged(command.PsaLineId, command.Status, command.EndDate, command.ObservedAt, command.RunId, command.Actor));
        }

        return [.. events];
    }

    // The line no longer bills what an open proposal starts from: someone edited it on the PSA, and writing the proposal
    // would overwrite their edit. The proposal is withdrawn; the next reconciliation proposes from the new quantity.
    private static IEnumerable<CustomerEvent> SupersededByPsaEdit(RecordPsaLineRead command, decimal quantity, CustomerState state)
    {
        if (state.OpenProposalFor(command.PsaLineId) is not { Status: ProposalStatus.Pending or ProposalStatus.Approved } open || open.From == quantity)
        {
            yield break;
        }

        var who = command.ChangedBy is null ? "on the PSA" : $"on the PSA by {command.ChangedBy}";
        var when = command.ChangedAt is { } at ? string.Create(CultureInfo.InvariantCulture, $" at {at:u}") : "";
        yield return new QuantityChangeWithdrawn(
            open.ProposalId,
            $"Superseded: PSA line {command.PsaLineId} was changed from {open.From} to {quantity} {who}{when}; the proposal would have overwritten that edit.",
            command.Actor,
            command.Now);
    }

    private static CustomerEvent[] Dismiss(DismissQuantityChange command, CustomerState state)
    {
        var proposal = Proposal(state, command.ProposalId);
        var today = DateOnly.FromDateTime(command.Now.UtcDateTime);
        return proposal.Status switch
        {
            ProposalStatus.Pending or ProposalStatus.Approved =>
                [new QuantityChangeDismissed(command.ProposalId, command.Reason, BillingMonth.FirstOfNext(today), command.Actor, command.Now)],
            ProposalStatus.Dismissed => [],
            var status => throw new RuleViolationException("proposal.not_open", $"Proposal {command.ProposalId} is {status} and can no longer be dismissed."),
        };
    }
}
