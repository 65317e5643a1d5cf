using System.Security.Cryptography;
using System.Text;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;

namespace LedgerReconcile.Benchmarks.Shared;

// One event of a generated ledger: the domain object (Marten serializes it itself) and our stored bytes.
public sealed record DatasetEvent(
    string Stream,
    long Revision,
    Guid EventId,
    CustomerEvent Event,
    string Type,
    byte[] Data,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt);

// A point-in-time question: what was billable at valid time ValidAt as known at KnownAt.
public sealed record AsOfQuery(DateTimeOffset ValidAt, DateTimeOffset KnownAt);

// Deterministic customer ledgers built with the real decider, so that every process of the harness (ours and Marten's)
// writes the same events, and projections do the work they do in production.
public static class LedgerDataset
{
    public const string Tenant = "bench-msp";
    public const string Actor = "sync:datto";
    public const long TwoYearOrganization = 4711;

    public static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string CustomerStream(long organization) => StreamNames.Customer(Tenant, CustomerKeys.ForOrganization(organization));

    // The two-year customer of the read and point-in-time workloads: 4 appliances, 32 agents, usage changing weekly.
    public static IReadOnlyList<DatasetEvent> TwoYearStream(int days) =>
        CustomerHistory(TwoYearOrganization, days, devices: 4, agentsPerDevice: 8, changeEvery: 7).ToList();

    // Random (seeded) past valid times, each asked as known at a random later time.
    public static IReadOnlyList<AsOfQuery> AsOfQueries(IReadOnlyList<DatasetEvent> stream, int count, int seed = 20261126)
    {
        var random = new Random(seed);
        var first = stream[0].OccurredAt;
        var last = stream[^1].RecordedAt.AddDays(1);
        var span = (last - first).Ticks;
        var queries = new List<AsOfQuery>(count);
        for (var i = 0; i < count; i++)
        {
            var validAt = first.AddTicks((long)(random.NextDouble() * span));
            var knownAt = validAt.AddTicks((long)(random.NextDouble() * (last - validAt).Ticks));
            queries.Add(new AsOfQuery(validAt, knownAt));
        }

        return queries;
    }

    // The bulk ledger of the scan and rebuild workloads, in the order it is loaded: blocks of
    // BulkChunk days, every customer's block in turn.
    public static IReadOnlyList<IReadOnlyList<DatasetEvent>> BulkStreams(int totalEvents)
    {
        var streams = Math.Max(1, totalEvents / WorkloadSizes.BulkEventsPerStream);
        var perStream = totalEvents / streams;
        return Enumerable.Range(0, streams)
            .AsParallel()
            .AsOrdered()
            .Select(i => (IReadOnlyList<DatasetEvent>)CustomerHistory(100_000 + i, perStream - 3, devices: 2, agentsPerDevice: 4, changeEvery: 30).ToList())
            .ToList();
    }

    // A small event (an unchanged daily observation, about 300 bytes of JSON) for the append workloads.
    public static (CustomerEvent Event, string Type, byte[] Data) SmallEvent(string stream, long revision)
    {
        var observedAt = Start.AddDays(revision).AddHours(22);
        CustomerEvent e = new CustomerEvent.UsageObservedUnchanged(
            $"run-{revision}/{stream}",
            $"run-{revision}",
            observedAt,
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "run-0/" + stream,
            [],
            Actor);
        var (type, data) = EventSerializer.Serialize(e);
        return (e, type, data);
    }

    public static Guid EventId(string stream, long revision)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(stream), hash);
        return EventIds.Derive(new Guid(hash[..16]), (int)revision);
    }

    // A customer's ledger: account and two services mapped, then one Datto sync a day at 22:00 delivered two hours
    // later; the usage changes every changeEvery days (one agent more or less), otherwise the sync
    // is recorded as an unchanged observation (ADR 7).
    public static IEnumerable<DatasetEvent> CustomerHistory(long organization, int days, int devices, int agentsPerDevice, int changeEvery)
    {
        var stream = CustomerStream(organization);
        var state = CustomerState.Initial;
        long revision = -1;

        IEnumerable<DatasetEvent> Emit(IEnumerable<CustomerEvent> events, DateTimeOffset recordedAt)
        {
            foreach (var e in events)
            {
                state = CustomerState.Evolve(state, e);
                revision++;
                var (type, data) = EventSerializer.Serialize(e);
                yield return new DatasetEvent(stream, revision, EventId(stream, revision), e, type, data, CustomerEvent.ValidTime(e), recordedAt);
            }
        }

        var mappedAt = Start.AddHours(9);
        var name = $"Customer {organization}";
        foreach (var e in Emit(CustomerDecider.Decide(new CustomerCommand.MapAccount(organization, name, PsaKind.ConnectWise, $"cw-{organization}", name, $"agr-{organization}", Start, "finance@msp.example", mappedAt), state), mappedAt))
        {
            yield return e;
        }

        foreach (var (service, unit) in new[] { (BillableService.PerAgent, UnitRule.Each), (BillableService.OffsiteStorage, new UnitRule(BillingUnit.Terabyte, 1024, Rounding.Up, 0.5m, 0m, 1m)) })
        {
            foreach (var e in Emit(CustomerDecider.Decide(new CustomerCommand.MapService(new ServiceLine(service), $"line-{service}-{organization}", unit, new Money(12.5m, "EUR"), Start, "finance@msp.example", mappedAt), state), mappedAt))
            {
                yield return e;
            }
        }

        for (var day = 0; day < days; day++)
        {
            var observedAt = Start.AddDays(day).AddHours(22);
            var recordedAt = observedAt.AddHours(2);
            var snapshotId = $"run-{day}/{organization}";
            IEnumerable<CustomerEvent> decided;
            if (day % changeEvery != 0 && state.Usage is { } usage)
            {
                // Exactly what the decider answers for the same content again, without hashing it again.
                decided = [new CustomerEvent.UsageObservedUnchanged(snapshotId, $"run-{day}", observedAt, usage.ContentHash, usage.ContentSnapshotId, [], Actor)];
            }
            else
            {
                decided = CustomerDecider.Decide(Sync(organization, name, devices, agentsPerDevice + (day / changeEvery % 3) - 1, day, observedAt, snapshotId), state);
            }

            foreach (var e in Emit(decided, recordedAt))
            {
                yield return e;
            }
        }
    }

    private static CustomerCommand.RecordUsageSnapshot Sync(long organization, string name, int devices, int agentsPerDevice, int day, DateTimeOffset observedAt, string snapshotId)
    {
        var observed = new List<ObservedDevice>(devices);
        var volumes = new List<VolumeUsage>(devices * agentsPerDevice);
        for (var d = 0; d < devices; d++)
        {
            var serial = $"S{organization:D8}{d:D2}";
            observed.Add(new ObservedDevice(serial, $"siris-{organization}-{d}", "S5-4", false, new DateOnly(2027, 1, 1), false, 1.5m + (day / 30 * 0.01m), "TB"));
            for (var a = 0; a < agentsPerDevice; a++)
            {
                volumes.Add(new VolumeUsage(serial, $"{organization:x8}{d:x4}{a:x4}0000000000000000", $"server-{d}-{a}", VolumeType.Agent, a == 3, false, "Windows Server 2022", observedAt.AddHours(-1)));
            }
        }

        return new CustomerCommand.RecordUsageSnapshot(snapshotId, $"run-{day}", observedAt, organization, name, observed, volumes, [], [], [], Actor, observedAt.AddHours(2));
    }
}
