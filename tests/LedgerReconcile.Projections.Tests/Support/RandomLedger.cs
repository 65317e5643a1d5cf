using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.Tenants;
using static LedgerReconcile.Domain.Customers.CustomerEvent;
using static LedgerReconcile.Projections.Tests.Support.BillingScenario;

namespace LedgerReconcile.Projections.Tests.Support;

/// <summary>
/// Random but valid histories of three customers and their tenant: snapshots (some late), decisions, policies, mappings,
/// PSA reads and writes, drift, closed periods and adjustments. Seeded, so a failing case can be replayed.
/// </summary>
public static class RandomLedger
{
    private static readonly string[] Agents = ["SRV-DC01", "SRV-FS01", "SRV-APP01", "SRV-SQL02", "SRV-WEB01", "SRV-RDS01"];
    private static readonly string[] Shares = ["Finance", "HR"];

    public abstract record Step(DateTimeOffset RecordedAt, string Actor);

    public sealed record CustomerStep(string CustomerKey, CustomerEvent Event, DateTimeOffset RecordedAt, string Actor) : Step(RecordedAt, Actor);

    public sealed record TenantStep(TenantEvent Event, DateTimeOffset RecordedAt, string Actor) : Step(RecordedAt, Actor);

    public static List<Step> Generate(int seed, int count)
    {
        var random = new Random(seed);
        var now = At(10, 1);
        var steps = new List<Step>();
        var closed = new Dictionary<string, List<string>>();
        var drifts = new Dictionary<string, List<string>>();
        T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
        decimal Price() => random.Next(5, 60);
        while (steps.Count < count)
        {
            now = now.AddHours(random.Next(1, 30));
            var org = random.Next(1, 4);
            var customer = $"org-{org}";
            var valid = random.Next(5) == 0 ? now.AddDays(-random.Next(1, 6)) : now;
            var actor = Pick(new[] { "alice@msp.example", "bob@msp.example", Sync });
            var roll = random.Next(100);
            CustomerEvent? @event = roll switch
            {
                < 35 => RandomSnapshot(random, org, valid),
                < 43 => new PsaQuantityObserved("line-agents", random.Next(0, 7), valid, Sync),
                < 51 => new AssetIgnored(RandomAsset(random), "random reason " + random.Next(10), actor, valid),
                < 56 => new IgnoreRevoked(RandomAsset(random), "changed mind", actor, valid),
                < 59 => new AssetIncluded(RandomAsset(random), "count it", actor, valid),
                < 63 => new CustomerCountingPolicySet(CountingPolicyKind.NasShares, Pick(Enum.GetValues<CountingChoice>()), "customer rule", valid, actor, now),
                < 65 => new CustomerCountingPolicyCleared(CountingPolicyKind.NasShares, "back to tenant rule", valid, actor, now),
                < 70 => new ServiceMapped(Pick(new[] { BillableService.PerAgent, BillableService.NasShares }), null,
                    random.Next(2) == 0 ? "line-agents" : "line-shares", UnitRule.Each.ToTerms(), random.Next(3) == 0 ? null : new Money(Price(), "USD"), valid, actor, now),
                < 72 => new ServiceUnmapped(BillableService.NasShares, null, "line-shares", "not sold any more", valid, actor, now),
                < 77 => new AccountMapped(org, $"Customer {org}", PsaKind.ConnectWise, $"cw-{org}", $"Customer {org} Inc", $"agr-{org}", valid, actor, now),
                < 79 => new AccountUnmapped(PsaKind.ConnectWise, $"cw-{org}", $"agr-{org}", "contract ended", valid, actor, now),
                < 82 => Remember(drifts, customer, new PsaCompanyRenamed($"drift-{steps.Count}", $"cw-{org}", $"Customer {org} Inc", $"Customer {org} Ltd {steps.Count}", valid, Sync)),
                < 84 when drifts.TryGetValue(customer, out var open) && open.Count > 0 => new DriftAcknowledged(Pick(open), "seen", actor, now),
                < 86 => new DattoOrganizationRenamed($"drift-{steps.Count}", $"Customer {org}", $"Customer {org} (new)", valid, Sync),
                < 89 => Close(closed, customer, steps.Count, now, actor),
                < 92 when closed.TryGetValue(customer, out var periods) && periods.Count > 0 => new BillingPeriodAdjusted(
                    Pick(periods), BillableService.PerAgent, null, "line-agents", random.Next(0, 5), random.Next(0, 7), "late evidence", actor, now),
                < 96 => null,
                _ => Proposal(random, customer, now, steps),
            };

            if (@event is not null)
            {
                steps.Add(new CustomerStep(customer, @event, now, @event is UsageSnapshotRecorded or PsaQuantityObserved ? Sync : actor));
            }
            else if (roll < 96)
            {
                steps.Add(new TenantStep(new TenantEvent.CountingPolicySet(CountingPolicyKind.NasShares, Pick(Enum.GetValues<CountingChoice>()), "tenant rule", valid, actor, now), now, actor));
            }
        }

        return steps;
    }

    private static UsageSnapshotRecorded RandomSnapshot(Random random, int org, DateTimeOffset observedAt)
    {
        var assets = new List<object> { Siris($"D{org}", $"Appliance {org}", random.Next(1, 4)) };
        assets.AddRange(Agents.Where(_ => random.Next(3) > 0).Select(a => Agent($"D{org}", a)));
        assets.AddRange(Shares.Where(_ => random.Next(2) > 0).Select(s => Share($"D{org}", s)));
        return Snapshot($"s-{Guid.CreateVersion7():N}", observedAt, org, $"Customer {org}", [.. assets]);
    }

    private static AssetRef RandomAsset(Random random) => random.Next(4) == 0
        ? AssetRef.Volume("share-" + Shares[random.Next(Shares.Length)])
        : AssetRef.Volume("vol-" + Agents[random.Next(Agents.Length)]);

    private static CustomerEvent Remember(Dictionary<string, List<string>> drifts, string customer, PsaCompanyRenamed renamed)
    {
        (drifts.TryGetValue(customer, out var list) ? list : drifts[customer] = []).Add(renamed.DriftId);
        return renamed;
    }

    private static CustomerEvent Close(Dictionary<string, List<string>> closed, string customer, int index, DateTimeOffset now, string actor)
    {
        var period = $"p-{index}";
        (closed.TryGetValue(customer, out var list) ? list : closed[customer] = []).Add(period);
        var end = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1);
        return new BillingPeriodClosed(period, end.AddDays(-30), end,
            [new InvoicedQuantity(BillableService.PerAgent, null, "line-agents", index % 7, new Money(25, "USD"))], actor, now);
    }

    private static CustomerEvent? Proposal(Random random, string customer, DateTimeOffset now, List<Step> steps)
    {
        var proposal = Guid.CreateVersion7();
        var write = Guid.CreateVersion7();
        var from = random.Next(0, 5);
        steps.Add(new CustomerStep(customer, new QuantityChangeProposed(proposal, BillableService.PerAgent, null, "line-agents", from, from + 1,
            new ProposalBasis(null, null, null, UnitRule.Each.ToTerms(), from + 1, [], from + 1, 0, 0), Sync, now), now, Sync));
        steps.Add(new CustomerStep(customer, new QuantityChangeApproved(proposal, null, "dana@msp.example", now), now, "dana@msp.example"));
        steps.Add(new CustomerStep(customer, new PsaWriteRequested(write, $"idem-{proposal:N}", proposal, "line-agents", PsaKind.ConnectWise,
            PsaWriteStyle.Absolute, from, from + 1, null, "dana@msp.example", Sync, now), now, Sync));
        return random.Next(3) switch
        {
            0 => new PsaWriteConfirmed(write, "line-agents", from + 1, Sync, now),
            1 => new PsaWriteFailed(write, "line-agents", "HTTP 503", Sync, now),
            _ => null,
        };
    }
}
