namespace LedgerReconcile.Domain.Customers;

public static partial class CustomerDecider
{
    private static CustomerEvent[] Close(CloseBillingPeriod command, CustomerState state)
    {
        if (command.PeriodEnd < command.PeriodStart)
        {
            throw new RuleViolationException("period.invalid_range", "A billing period cannot end before it starts.");
        }

        var lines = command.Lines.Select(l => new ServiceLine(l.Service, l.SeatType)).ToList();
        if (lines.Distinct().Count() != lines.Count)
        {
            throw new RuleViolationException("period.duplicate_line", "A service line is invoiced twice in one period.");
        }

        if (state.ClosedPeriods.TryGetValue(command.PeriodId, out var closed))
        {
            var same = closed.Start == command.PeriodStart
                && closed.End == command.PeriodEnd
                && closed.Lines.Count == command.Lines.Count
                && command.Lines.All(l => closed.Lines.TryGetValue(new ServiceLine(l.Service, l.SeatType), out var invoiced) && invoiced == l);
            return same ? [] : throw new RuleViolationException("period.already_closed", $"Period {command.PeriodId} is closed; correct it with an adjustment.");
        }

        if (state.ClosedPeriods.Values.FirstOrDefault(p => p.Start <= command.PeriodEnd && command.PeriodStart <= p.End) is { } overlapping)
        {
            throw new RuleViolationException("period.overlaps", $"Period {command.PeriodId} overlaps closed period {overlapping.PeriodId}.");
        }

        return [new BillingPeriodClosed(command.PeriodId, command.PeriodStart, command.PeriodEnd, command.Lines, command.Actor, command.Now)];
    }

    private static CustomerEvent[] Adjust(AdjustClosedPeriod command, CustomerState state)
    {
        if (!state.ClosedPeriods.TryGetValue(command.PeriodId, out var period))
        {
            throw new RuleViolationException("period.not_closed", $"Period {command.PeriodId} is not closed; nothing to adjust.");
        }

        if (!period.Lines.TryGetValue(command.Line, out var invoiced))
        {
            throw new RuleViolationException("period.line_not_invoiced", $"{command.Line} was not invoiced in period {command.PeriodId}.");
        }

        return invoiced.Quantity == command.Quantity
            ? []
            :
            [
                new BillingPeriodAdjusted(
                    command.PeriodId,
                    command.Line.Service,
                    command.Line.SeatType,
                    invoiced.PsaLineId,
                    invoiced.Quantity,
                    command.Quantity,
                    command.Cause,
                    command.Actor,
                    command.Now),
            ];
    }

    // Periods are never reopened, so a period closed with a typo in its bounds (an end in 9999) would block every later
    // close for good; correcting the bounds is the way out, recorded next to the close it corrects.
    private static CustomerEvent[] Correct(CorrectBillingPeriod command, CustomerState state)
    {
        if (!state.ClosedPeriods.TryGetValue(command.PeriodId, out var period))
        {
            throw new RuleViolationException("period.not_closed", $"Period {command.PeriodId} is not closed; nothing to correct.");
        }

        if (command.PeriodEnd < command.PeriodStart)
        {
            throw new RuleViolationException("period.invalid_range", "A billing period cannot end before it starts.");
        }

        if (period.Start == command.PeriodStart && period.End == command.PeriodEnd)
        {
            return [];
        }

        if (state.ClosedPeriods.Values.FirstOrDefault(p => p.PeriodId != command.PeriodId && p.Start <= command.PeriodEnd && command.PeriodStart <= p.End) is { } overlapping)
        {
            throw new RuleViolationException("period.overlaps", $"Period {command.PeriodId} would overlap closed period {overlapping.PeriodId}.");
        }

        return [new BillingPeriodCorrected(command.PeriodId, period.Start, period.End, command.PeriodStart, command.PeriodEnd, command.Reason, command.Actor, command.Now)];
    }
}
