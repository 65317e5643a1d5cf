using System.Collections.Immutable;
using JasperFx.Events;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using Marten.Events.Aggregation;

namespace LedgerReconcile.Benchmarks.Marten;

// A customer's billable quantities per service, as Marten's projection of the same events keeps them.
public sealed class CustomerBillingDocument
{
    public string Id { get; set; } = "";

    public string? SnapshotId { get; set; }

    public DateTimeOffset? LastObservedAt { get; set; }

    public long Events { get; set; }

    public Dictionary<string, decimal> Quantities { get; set; } = [];
}

// The Marten counterpart of our billing projection for the rebuild workload: per stream, quantities recomputed by the
// same domain function on every full snapshot, the last observation kept on every unchanged one. It writes one
// document per customer and no history, so it does less than ours (which also keeps audit history and attention
// items); the report says so beside the figure.
public sealed class CustomerBillingProjection : SingleStreamProjection<CustomerBillingDocument, string>
{
    public override CustomerBillingDocument? Evolve(CustomerBillingDocument? snapshot, string id, IEvent e)
    {
        var document = snapshot ?? new CustomerBillingDocument { Id = id };
        document.Events++;
        switch (e.Data)
        {
            case CustomerEvent.UsageSnapshotRecorded recorded:
                var usage = BillableQuantities.Compute(CustomerState.Evolve(CustomerState.Initial, recorded), ImmutableDictionary<CountingPolicyKind, CountingChoice>.Empty);
                document.SnapshotId = recorded.SnapshotId;
                document.LastObservedAt = recorded.ObservedAt;
                document.Quantities = usage.Services.ToDictionary(s => s.Line.ToString(), s => s.Quantity);
                break;
            case CustomerEvent.UsageObservedUnchanged unchanged:
                document.LastObservedAt = unchanged.ObservedAt;
                break;
        }

        return document;
    }
}
