using System.Globalization;

namespace LedgerReconcile.Domain.Customers;

public static partial class CustomerDecider
{
    private static CustomerEvent[] RequestWrite(RequestPsaWrite command, CustomerState state)
    {
        if (state.Writes.ContainsKey(command.WriteId))
        {
            return [];
        }

        var proposal = Proposal(state, command.ProposalId);
        if (proposal.Status != ProposalStatus.Approved)
        {
            throw new RuleViolationException("write.not_approved", $"Proposal {command.ProposalId} is {proposal.Status}; only an approved change is written.");
        }

        var account = MappedAccount(state, "write.account_not_mapped");
        if (account.PsaKind.WholeUnitsOnly() && (proposal.To != decimal.Truncate(proposal.To) || proposal.From != decimal.Truncate(proposal.From)))
        {
            throw new RuleViolationException("write.fractional_quantity", $"{account.PsaKind} accepts whole units only; {proposal.To} cannot be written.");
        }

        // Never overwrite a manual edit: stop for a person when the PSA no longer shows what the proposal started from.
        if (command.CurrentPsaQuantity != proposal.From)
        {
            return
            [
                new PsaQuantityObserved(proposal.PsaLineId, command.CurrentPsaQuantity, command.ReadAt, command.Actor),
                new PsaWriteConflictDetected(proposal.ProposalId, proposal.PsaLineId, proposal.From, command.CurrentPsaQuantity, command.Actor, command.Now),
            ];
        }

        var key = string.Create(CultureInfo.InvariantCulture, $"{account.PsaKind}:{proposal.PsaLineId}:{command.EffectiveDate:yyyy-MM-dd}:{proposal.To}:{proposal.ProposalId:N}");
        return
        [
            new PsaWriteRequested(
                command.WriteId,
                key,
                proposal.ProposalId,
                proposal.PsaLineId,
                account.PsaKind,
                account.PsaKind.WriteStyle(),
                proposal.From,
                proposal.To,
                command.EffectiveDate,
                proposal.ApprovedBy ?? "",
                command.Actor,
                command.Now),
        ];
    }

    private static CustomerEvent[] Confirm(ConfirmPsaWrite command, CustomerState state)
    {
        var write = Write(state, command.WriteId);
        return write.Status switch
        {
            PsaWriteStatus.Confirmed => [],
            PsaWriteStatus.Failed => throw new RuleViolationException("write.already_failed", $"Write {command.WriteId} was recorded as failed."),
            _ when command.QuantityAfter != write.To => throw new RuleViolationException(
                "write.not_applied",
                $"The PSA line shows {command.QuantityAfter}, not the {write.To} that was written."),
            _ => [new PsaWriteConfirmed(command.WriteId, write.PsaLineId, command.QuantityAfter, command.Actor, command.ReadAt)],
        };
    }

    private static CustomerEvent[] RecordFailure(RecordPsaWriteFailure command, CustomerState state)
    {
        var write = Write(state, command.WriteId);
        return write.Status switch
        {
            PsaWriteStatus.Failed => [],
            PsaWriteStatus.Confirmed => throw new RuleViolationException("write.already_confirmed", $"Write {command.WriteId} was confirmed."),
            _ => [new PsaWriteFailed(command.WriteId, write.PsaLineId, command.Error, command.Actor, command.Now)],
        };
    }

    private static PsaWrite Write(CustomerState state, Guid writeId) =>
        state.Writes.TryGetValue(writeId, out var write)
            ? write
            : throw new RuleViolationException("write.unknown", $"There is no PSA write {writeId}.");
}
