using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Periods;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.EventStore;
using Mediator;

namespace LedgerReconcile.Exports.Evidence;

/// <summary>
/// Cuts evidence packs: fixes the store position first, then finds the streams of the scope as they stood there, so
/// everything the pack holds (events, narrative, chain digest) is as of one position. See ADR 28.
/// </summary>
public sealed class EvidencePacks(IEventStore store, LedgerReader reader, CustomerDirectory directory, LedgerExports exports, IMediator mediator, TimeProvider clock)
{
    /// <summary>The pack of the scope, or null when the customer does not exist or the month is not closed.</summary>
    public async Task<EvidencePack?> PrepareAsync(EvidenceScope scope, CancellationToken cancellationToken)
    {
        var position = await store.ReadHeadPositionAsync(cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var tenant = scope.Tenant;
        switch (scope.Kind)
        {
            case EvidenceScope.CustomerKind when scope.CustomerKey is { } key:
                if (await store.ReadStreamRevisionAsync(StreamNames.Customer(tenant, key), cancellationToken).ConfigureAwait(false) is null)
                {
                    return null;
                }

                return new EvidencePack(store, reader, scope, position, now, [key], [StreamNames.Customer(tenant, key)],
                [
                    ("billable.csv", exports.BillableState(tenant, key, now, now)),
                    ("history.csv", exports.CustomerHistory(tenant, key, Projections.Billing.AuditHistoryFilter.Everything)),
                    ("periods.csv", exports.ClosedPeriods(tenant, key, null)),
                ]);

            case EvidenceScope.MonthKind when scope.Month is { } month:
                var closed = (await mediator.Send(new ListClosedMonths(tenant), cancellationToken).ConfigureAwait(false)).FirstOrDefault(m => m.Month == month);
                if (closed is null)
                {
                    return null;
                }

                var frozen = await FrozenCustomersAsync(tenant, month, position, cancellationToken).ConfigureAwait(false);
                return new EvidencePack(store, reader, scope, position, now, frozen,
                    [StreamNames.Tenant(tenant), .. frozen.Select(key => StreamNames.Customer(tenant, key))],
                    [
                        ($"billable-{month}.csv", exports.BillableState(tenant, null, ClosingMonth.Parse(month).EndsAt, closed.CutOff)),
                        ("periods.csv", exports.ClosedPeriods(tenant, null, month)),
                        ("discrepancies.csv", exports.Discrepancies(tenant, new DiscrepancyFilter())),
                    ]);

            default:
                throw new ArgumentException($"An evidence pack of kind '{scope.Kind}' is not known.", nameof(scope));
        }
    }

    // The customers whose lines the month's close froze, by the events up to the pack's position.
    private async Task<IReadOnlyList<string>> FrozenCustomersAsync(string tenant, string month, long position, CancellationToken cancellationToken)
    {
        var frozen = new List<string>();
        foreach (var key in await directory.CustomersAsync(tenant, cancellationToken).ConfigureAwait(false))
        {
            await foreach (var (recorded, @event) in reader.ReadAsync(StreamFolds.Customer, tenant, StreamNames.Customer(tenant, key), null, cancellationToken).ConfigureAwait(false))
            {
                if (recorded.Position <= position && @event is CustomerEvent.BillingPeriodFrozen f && f.PeriodId == month)
                {
                    frozen.Add(key);
                    break;
                }
            }
        }

        return frozen;
    }
}
