using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.Tenants;
using LedgerReconcile.EventStore;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Projections.Billing;

/// <summary>One event's part in a change of quantity.</summary>
public sealed record ExplainedCause(
    string Sentence,
    decimal Delta,
    Guid EventId,
    long Position,
    string EventType,
    DateTimeOffset ValidAt,
    DateTimeOffset RecordedAt,
    string Who);

/// <summary>How and why a service's quantity changed between two valid times, as known at one record time.</summary>
public sealed record QuantityExplanation(
    string CustomerKey,
    string Service,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset KnownAt,
    decimal QuantityFrom,
    decimal QuantityTo,
    string Summary,
    IReadOnlyList<ExplainedCause> Causes,
    string? MinimumNote = null)
{
    /// <summary>The change.</summary>
    public decimal Delta => QuantityTo - QuantityFrom;
}

/// <summary>
/// Why a quantity moved between two dates, answered from the events themselves with the ledger's one fold per stream
/// kind and the domain's billable quantities. What was billable at a point in time is the application's
/// <c>GetBillableQuantities</c>.
/// </summary>
public sealed class BillingTimeTravel(IEventStore store, TimeProvider? time = null, DecodedEventCache? decoded = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly LedgerReader _reader = new(store, decoded ?? new DecodedEventCache());

    /// <summary>
    /// The change of <paramref name="line"/>'s quantity from valid time <paramref name="from"/> to <paramref name="to"/>,
    /// as known at <paramref name="knownAt"/> (default: now), with the events that caused it as sentences.
    /// </summary>
    public async Task<QuantityExplanation> ExplainAsync(
        string tenant,
        string customerKey,
        ServiceLine line,
        DateTimeOffset from,
        DateTimeOffset to,
        DateTimeOffset? knownAt = null,
        CancellationToken cancellationToken = default)
    {
        var known = knownAt ?? _time.GetUtcNow();
        var (customer, tenantState) = await LoadAsOfAsync(tenant, customerKey, from, known, cancellationToken).ConfigureAwait(false);
        var (customerAtEnd, tenantAtEnd) = await LoadAsOfAsync(tenant, customerKey, to, known, cancellationToken).ConfigureAwait(false);

        // The events that became true inside the window, in the order they became true, each applied on top of the start.
        var window = new List<(RecordedEvent Recorded, object Event)>();
        bool InWindow(RecordedEvent recorded) => recorded.RecordedAt <= known && recorded.OccurredAt > from && recorded.OccurredAt <= to;
        await foreach (var (recorded, @event) in _reader.ReadAsync(StreamFolds.Customer, tenant, StreamNames.Customer(tenant, customerKey), null, cancellationToken).ConfigureAwait(false))
        {
            if (InWindow(recorded))
            {
                window.Add((recorded, @event));
            }
        }

        await foreach (var (recorded, @event) in _reader.ReadAsync(StreamFolds.Tenant, tenant, StreamNames.Tenant(tenant), null, cancellationToken).ConfigureAwait(false))
        {
            if (InWindow(recorded))
            {
                window.Add((recorded, @event));
            }
        }

        var startQuantity = Quantity(customer, tenantState, line);
        var current = startQuantity;
        var causes = new List<ExplainedCause>();
        foreach (var (recorded, @event) in window.OrderBy(w => w.Recorded.OccurredAt).ThenBy(w => w.Recorded.Position))
        {
            var (nextCustomer, nextTenant) = @event switch
            {
                CustomerEvent c => (StreamFolds.Customer.Evolve(customer, c), tenantState),
                TenantEvent t => (customer, StreamFolds.Tenant.Evolve(tenantState, t)),
                _ => (customer, tenantState),
            };
            var before = Service(customer, tenantState, line);
            var after = Service(nextCustomer, nextTenant, line);
            if (Sentence(recorded, @event, before, after, customer, nextCustomer) is { } sentence)
            {
                causes.Add(new ExplainedCause(
                    sentence, after.Quantity - before.Quantity, recorded.EventId, recorded.Position, recorded.Type,
                    recorded.OccurredAt, recorded.RecordedAt, recorded.Metadata.Actor));
            }

            (customer, tenantState, current) = (nextCustomer, nextTenant, after.Quantity);
        }

        var endQuantity = Quantity(customerAtEnd, tenantAtEnd, line);
        if (endQuantity != current)
        {
            causes.Add(new ExplainedCause(
                "events recorded out of the order in which they became true settle differently when replayed in record order",
                endQuantity - current, Guid.Empty, 0, "", to, known, ""));
        }

        var end = Service(customerAtEnd, tenantAtEnd, line);
        var rule = end.UnitRule;
        var delta = endQuantity - startQuantity;
        var summary = causes.Count == 0
            ? $"No change: {Narration.Number(endQuantity)} {Narration.Unit(line, rule, endQuantity)} on both dates."
            : $"{Narration.Delta(delta, line, rule)}: {string.Join("; ", causes.Select(c => c.Sentence))}";
        var minimum = MinimumNote(end);
        return new QuantityExplanation(
            customerKey, line.ToString(), from, to, known, startQuantity, endQuantity, minimum is null ? summary : $"{summary} ({minimum})", causes, minimum);
    }

    // A committed minimum (a SaaS seat commitment, say) decides the bill whenever usage falls below it; say which one decided.
    private static string? MinimumNote(ServiceQuantity service)
    {
        var rule = service.UnitRule;
        if (rule.Minimum <= 0)
        {
            return null;
        }

        var usage = rule.UsageQuantity(service.RawAmount);
        var minimum = $"{Narration.Number(rule.Minimum)} {Narration.Unit(service.Line, rule, rule.Minimum)}";
        return usage < rule.Minimum
            ? $"billed at the committed minimum of {minimum}; usage was {Narration.Number(usage)}"
            : $"usage of {Narration.Number(usage)} {Narration.Unit(service.Line, rule, usage)} is at or above the committed minimum of {minimum}";
    }

    private static decimal Quantity(CustomerState customer, TenantState tenant, ServiceLine line) => Service(customer, tenant, line).Quantity;

    private static ServiceQuantity Service(CustomerState customer, TenantState tenant, ServiceLine line) =>
        BillableQuantities.Compute(customer, tenant.Policies).Services.FirstOrDefault(s => s.Line == line)
        ?? new ServiceQuantity(line, null, UnitRule.DefaultFor(line.Service), 0, 0, [], [], []);

    private static string? Sentence(
        RecordedEvent recorded,
        object @event,
        ServiceQuantity before,
        ServiceQuantity after,
        CustomerState customerBefore,
        CustomerState customerAfter)
    {
        var counted = Diff(before.Counted, after.Counted);
        var ignored = Diff(before.Ignored, after.Ignored);
        var undecided = Diff(before.NeedsDecision, after.NeedsDecision);
        var basisChanged = counted.Added.Count + counted.Removed.Count + ignored.Added.Count + ignored.Removed.Count
            + undecided.Added.Count + undecided.Removed.Count > 0;
        if (before.Quantity == after.Quantity && !basisChanged && before.RawAmount == after.RawAmount)
        {
            return null;
        }

        var content = customerAfter.Usage?.Content ?? customerBefore.Usage?.Content;
        var date = Narration.Date(recorded.OccurredAt);
        var by = $"by {recorded.Metadata.Actor} on {date}";
        var reason = Narration.Reason(@event) is { Length: > 0 } r ? $": '{r}'" : "";
        var sentence = @event switch
        {
            UsageSnapshotRecorded or UsageObservedUnchanged => SnapshotSentence(counted, undecided, before, after, customerBefore, content, date),
            AssetIgnored e => $"{Narration.Asset(e.Asset, content)} ignored {by}{reason}",
            IgnoreRevoked e => $"ignore of {Narration.Asset(e.Asset, content)} revoked {by}{reason}",
            AssetIncluded e => $"{Narration.Asset(e.Asset, content)} counted by decision {by}{reason}",
            InclusionRevoked e => $"inclusion of {Narration.Asset(e.Asset, content)} revoked {by}{reason}",
            CustomerCountingPolicySet e => $"{e.Policy} policy set to {e.Choice} for this customer {by}{reason}",
            CustomerCountingPolicyCleared e => $"customer's own {e.Policy} policy cleared {by}{reason}",
            TenantEvent.CountingPolicySet e => $"tenant-wide {e.Policy} policy set to {e.Choice} {by}{reason}",
            ServiceMapped e => $"{new ServiceLine(e.Service, e.SeatType)} mapped to PSA line {e.PsaLineId} with a new unit rule {by}",
            ServiceUnmapped e => $"{new ServiceLine(e.Service, e.SeatType)} unmapped {by}{reason}",
            CustomerEvent e => $"{Narration.Describe(e, content).TrimEnd('.')} ({recorded.Metadata.Actor}, {date})",
            _ => $"{recorded.Type} ({recorded.Metadata.Actor}, {date})",
        };

        // Late data is the usual reason two "as known at" answers differ: say when the ledger learned it.
        return recorded.RecordedAt.UtcDateTime.Date > recorded.OccurredAt.UtcDateTime.Date
            ? $"{sentence} (recorded late, on {Narration.Date(recorded.RecordedAt)})"
            : sentence;
    }

    private static string SnapshotSentence(
        (List<AssetOutcome> Added, List<AssetOutcome> Removed) counted,
        (List<AssetOutcome> Added, List<AssetOutcome> Removed) undecided,
        ServiceQuantity before,
        ServiceQuantity after,
        CustomerState customerBefore,
        UsageContent? content,
        string date)
    {
        var parts = new List<string>();
        var firstSeen = counted.Added.Where(a => !customerBefore.KnownAssets.Contains(a.Asset)).ToList();
        var countedAgain = counted.Added.Except(firstSeen).ToList();
        if (firstSeen.Count > 0)
        {
            parts.Add($"{Names(firstSeen, content)} first seen in the snapshot of {date}");
        }

        if (countedAgain.Count > 0)
        {
            parts.Add($"{Names(countedAgain, content)} counted again from the snapshot of {date}");
        }

        if (counted.Removed.Count > 0)
        {
            parts.Add($"{Names(counted.Removed, content)} no longer reported in the snapshot of {date}");
        }

        if (undecided.Added.Count > 0)
        {
            parts.Add($"{Names(undecided.Added, content)} {(undecided.Added.Count == 1 ? "awaits" : "await")} a decision since the snapshot of {date}");
        }

        if (parts.Count == 0 && before.RawAmount != after.RawAmount)
        {
            var rule = after.UnitRule;
            parts.Add($"usage reported as {Narration.Number(rule.ToUnits(after.RawAmount))} {Narration.Unit(after.Line, rule)} in the snapshot of {date}, was {Narration.Number(rule.ToUnits(before.RawAmount))}");
        }

        return parts.Count == 0 ? $"snapshot of {date}" : string.Join("; ", parts);
    }

    private static string Names(IReadOnlyList<AssetOutcome> assets, UsageContent? content) =>
        Narration.List(assets.Select(a =>
            a.Asset.Kind == AssetKind.Volume && content?.Volumes.Any(v => v.VolumeId == a.Asset.Id && v.Type == VolumeType.Share) == true
                ? $"NAS share '{a.Name}'"
                : a.Name).ToList());

    private static (List<AssetOutcome> Added, List<AssetOutcome> Removed) Diff(IReadOnlyList<AssetOutcome> before, IReadOnlyList<AssetOutcome> after)
    {
        var beforeRefs = before.Select(a => a.Asset).ToHashSet();
        var afterRefs = after.Select(a => a.Asset).ToHashSet();
        return (after.Where(a => !beforeRefs.Contains(a.Asset)).ToList(), before.Where(a => !afterRefs.Contains(a.Asset)).ToList());
    }

    private async Task<(CustomerState Customer, TenantState Tenant)> LoadAsOfAsync(
        string tenant,
        string customerKey,
        DateTimeOffset validAt,
        DateTimeOffset knownAt,
        CancellationToken cancellationToken)
    {
        var cut = FoldCut.AsOf(validAt, knownAt);
        var customer = await _reader.LoadAsync(StreamFolds.Customer, tenant, StreamNames.Customer(tenant, customerKey), cut, cancellationToken).ConfigureAwait(false);
        var tenantState = await _reader.LoadAsync(StreamFolds.Tenant, tenant, StreamNames.Tenant(tenant), cut, cancellationToken).ConfigureAwait(false);
        return (customer.State, tenantState.State);
    }
}
