using BenchmarkDotNet.Attributes;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Benchmarks.Shared;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.EventStore;
using LedgerReconcile.EventStore.Storage;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Benchmarks.Micro;

// The per-event CPU work the workloads are made of, measured in isolation with allocations: what an append pays on
// top of the database (hash, metadata JSON), and what a load or a projection pays per event (JSON, fold, quantities).
[MemoryDiagnoser]
[ShortRunJob]
public class EventCodecBenchmarks
{
    private static readonly EventMetadata Metadata = new(LedgerDataset.Tenant, LedgerDataset.Actor, "corr-1", "cmd-1", "cmd-1");
    private byte[] _smallData = [];
    private byte[] _metadataJson = [];
    private DatasetEvent _snapshot = null!;
    private DatasetEvent _unchanged = null!;
    private IReadOnlyList<DatasetEvent> _twoYears = [];
    private CustomerState _folded = CustomerState.Initial;

    [GlobalSetup]
    public void Setup()
    {
        _smallData = LedgerDataset.SmallEvent("customer-bench-msp.org-1", 1).Data;
        _metadataJson = MetadataJson.Serialize(Metadata);
        _twoYears = LedgerDataset.TwoYearStream(730);
        _snapshot = _twoYears.First(e => e.Event is UsageSnapshotRecorded);
        _unchanged = _twoYears.First(e => e.Event is UsageObservedUnchanged);
        _folded = _twoYears.Aggregate(CustomerState.Initial, (s, e) => CustomerState.Evolve(s, e.Event));
    }

    [Benchmark(Description = "append: hash one small event")]
    public byte[] HashSmallEvent() =>
        EventHash.Compute(EventHash.Genesis, Guid.Empty, "customer-bench-msp.org-1", 7, 1234, "customer.usage_observed_unchanged.v1", _smallData, _metadataJson, 1, 2);

    [Benchmark(Description = "append: metadata JSON")]
    public byte[] SerializeMetadata() => MetadataJson.Serialize(Metadata);

    [Benchmark(Description = "read: metadata JSON back")]
    public EventMetadata DeserializeMetadata() => MetadataJson.Deserialize(_metadataJson);

    [Benchmark(Description = "load: deserialize a full snapshot")]
    public object DeserializeSnapshot() => EventSerializer.Deserialize(_snapshot.Type, _snapshot.Data);

    [Benchmark(Description = "load: deserialize an unchanged observation")]
    public object DeserializeUnchanged() => EventSerializer.Deserialize(_unchanged.Type, _unchanged.Data);

    [Benchmark(Description = "load: fold two years (already deserialized)")]
    public CustomerState FoldTwoYears()
    {
        var state = CustomerState.Initial;
        foreach (var e in _twoYears)
        {
            state = CustomerState.Evolve(state, e.Event);
        }

        return state;
    }

    [Benchmark(Description = "projection: evolve one unchanged observation")]
    public CustomerState EvolveUnchanged() => CustomerState.Evolve(_folded, _unchanged.Event);

    [Benchmark(Description = "point-in-time: billable quantities of the folded state")]
    public BillableUsage ComputeQuantities() => BillableQuantities.Compute(_folded, System.Collections.Immutable.ImmutableDictionary<CountingPolicyKind, CountingChoice>.Empty);
}
