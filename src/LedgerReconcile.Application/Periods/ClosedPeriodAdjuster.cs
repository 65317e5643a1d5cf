namespace LedgerReconcile.Application.Periods;

/// <summary>
/// After a customer's ledger moved, brings its closed months up to what is known now: a late snapshot or a decision
/// effective inside a closed month yields one adjustment per moved line, naming the events that moved it. Nothing in
/// the closed month itself is rewritten.
/// </summary>
public sealed class ClosedPeriodAdjuster(CustomerLedger customers, TenantLedger tenants, PeriodQuantities quantities)
{
    public const string Actor = "system:period-adjuster";

    // Everything the ledger has recorded, the events that triggered the check included.
    private static readonly DateTimeOffset KnownNow = DateTimeOffset.MaxValue;

    public async Task AdjustAsync(CommandContext cause, string customerKey, int appendedEvents, CancellationToken cancellationToken)
    {
        var state = (await customers.LoadAsync(cause.Tenant, customerKey, cancellationToken)).State;
        if (state.FrozenPeriods.IsEmpty)
        {
            return;
        }

        // The ledger as it stands is the rules known now: loaded once, whatever the number of closed months.
        var policies = (await tenants.LoadAsync(cause.Tenant, cancellationToken)).State.Policies;
        var causeIds = Enumerable.Range(0, appendedEvents).Select(i => EventIds.Derive(cause.CommandId, i).ToString()).ToList();
        foreach (var (period, index) in state.FrozenPeriods.Values.OrderBy(p => p.Start).Select((p, i) => (p, i)))
        {
            var known = await quantities.BillableAsync(cause.Tenant, customerKey, period.EndsAt, KnownNow, state, policies, cancellationToken);
            var knownNow = known.Services.ToDictionary(s => s.Line, s => s.Quantity);
            var moved = period.Lines.Keys.Union(knownNow.Keys).Any(l => (period.Lines.GetValueOrDefault(l)?.DattoQuantity ?? 0m) != knownNow.GetValueOrDefault(l));
            if (!moved)
            {
                continue;
            }

            var item = new AdjustmentItem(new CommandContext(cause.Tenant, Actor, cause.CorrelationId, EventIds.Derive(cause.CommandId, 10_000 + index)));
            await customers.DecideAsync(
                item,
                customerKey,
                now => new CustomerCommand.AdjustFrozenPeriod(period.PeriodId, knownNow, causeIds, $"Learned after {period.PeriodId} was closed ({cause.Actor}).", Actor, now),
                cancellationToken);
        }
    }

    private sealed record AdjustmentItem(CommandContext Context) : ISystemCommand;
}
