namespace LedgerReconcile.Domain.Customers;

public static partial class CustomerDecider
{
    private static CustomerEvent[] Freeze(FreezeBillingPeriod command, CustomerState state)
    {
        if (command.PeriodEnd < command.PeriodStart)
        {
            throw new RuleViolationException("period.invalid_range", "A billing period cannot end before it starts.");
        }

        if (state.FrozenPeriods.TryGetValue(command.PeriodId, out var frozen))
        {
            // A close retried after a crash finds its own freeze: nothing to add, and nothing is ever frozen twice.
            return frozen.Start == command.PeriodStart && frozen.End == command.PeriodEnd
                ? []
                : throw new RuleViolationException("period.already_closed", $"Period {command.PeriodId} is closed; closed months are never reopened, correct them with adjustments.");
        }

        if (state.FrozenPeriods.Values.FirstOrDefault(p => p.Start <= command.PeriodEnd && command.PeriodStart <= p.End) is { } overlapping)
        {
            throw new RuleViolationException("period.overlaps", $"Period {command.PeriodId} overlaps closed period {overlapping.PeriodId}.");
        }

        return [new BillingPeriodFrozen(command.PeriodId, command.PeriodStart, command.PeriodEnd, command.CutOff, command.Lines, command.Actor, command.Now)];
    }

    private static CustomerEvent[] AdjustFrozen(AdjustFrozenPeriod command, CustomerState state)
    {
        if (!state.FrozenPeriods.TryGetValue(command.PeriodId, out var period))
        {
            throw new RuleViolationException("period.not_closed", $"Period {command.PeriodId} is not closed; nothing to adjust.");
        }

        return period.Lines.Keys.Union(command.KnownNow.Keys)
            .OrderBy(l => l.ToString(), StringComparer.Ordinal)
            .Select(line => (Line: line, Frozen: period.Lines.GetValueOrDefault(line), To: command.KnownNow.GetValueOrDefault(line)))
            .Where(l => (l.Frozen?.DattoQuantity ?? 0m) != l.To)
            .Select(l => new FrozenPeriodAdjusted(
                command.PeriodId,
                l.Line.Service,
                l.Line.SeatType,
                l.Frozen?.DattoQuantity ?? 0m,
                l.To,
                (l.To - (l.Frozen?.DattoQuantity ?? 0m)) * l.Frozen?.UnitPrice?.Amount,
                command.CauseEventIds,
                command.Cause,
                command.Actor,
                command.Now))
            .ToArray<CustomerEvent>();
    }
}
