using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.Tenants;
using LedgerReconcile.EventStore;
using Microsoft.Extensions.Time.Testing;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Projections.Tests.Support;

/// <summary>
/// Writes domain events the way the application does (registered names, valid time from the event) with the store's
/// clock under the test's control, so record times are exact.
/// </summary>
public sealed class BillingScenario(TestLedger ledger, FakeTimeProvider clock, string tenant = "acme")
{
    public const string Sync = "sync@ledger";

    public string Tenant => tenant;

    public FakeTimeProvider Clock => clock;

    public static DateTimeOffset At(int month, int day, int hour = 9) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);

    public static DeviceUsage Siris(string serial, string name, decimal terabytes = 1) =>
        new(serial, name, "SIRIS 5", false, null, false, new ReportedStorage(terabytes, "TB", (long)(terabytes * 1_000_000_000_000m)));

    public static VolumeUsage Agent(string device, string name) => new(device, "vol-" + name, name, VolumeType.Agent, false, false, "Windows", null);

    public static VolumeUsage Share(string device, string name) => new(device, "share-" + name, name, VolumeType.Share, false, false, null, null);

    public static UsageSnapshotRecorded Snapshot(string snapshotId, DateTimeOffset observedAt, long organizationId, string organizationName, params object[] assets)
    {
        var content = new UsageContent(
            organizationId,
            organizationName,
            assets.OfType<DeviceUsage>().ToList(),
            assets.OfType<VolumeUsage>().ToList(),
            [],
            assets.OfType<SaasDomainUsage>().ToList());
        return new UsageSnapshotRecorded(snapshotId, null, observedAt, UsageContentHash.Compute(content), content, [], Sync);
    }

    /// <summary>Appends <paramref name="event"/> to the customer's stream with the clock at <paramref name="recordedAt"/>.</summary>
    public async Task<AppendResult> RecordAsync(string customerKey, CustomerEvent @event, DateTimeOffset recordedAt, string? actor = null)
    {
        MoveClockTo(recordedAt);
        var (type, data) = EventSerializer.Serialize(@event);
        return await ledger.Store.AppendToStreamAsync(
            StreamNames.Customer(tenant, customerKey),
            ExpectedRevision.Any,
            [new EventData(Guid.CreateVersion7(), type, data, new EventMetadata(tenant, actor ?? Sync, Guid.NewGuid().ToString("N")), CustomerEvent.ValidTime(@event))]);
    }

    public async Task<AppendResult> RecordTenantAsync(TenantEvent @event, DateTimeOffset recordedAt, string actor)
    {
        MoveClockTo(recordedAt);
        var (type, data) = EventSerializer.Serialize(@event);
        return await ledger.Store.AppendToStreamAsync(
            StreamNames.Tenant(tenant),
            ExpectedRevision.Any,
            [new EventData(Guid.CreateVersion7(), type, data, new EventMetadata(tenant, actor, Guid.NewGuid().ToString("N")), TenantEvent.ValidTime(@event))]);
    }

    /// <summary>Maps the customer's account and its per-agent line at a price.</summary>
    public async Task MapAsync(string customerKey, long organizationId, string name, DateTimeOffset at, decimal agentPrice = 25m, string agentLine = "line-agents")
    {
        await RecordAsync(customerKey, new AccountMapped(organizationId, name, PsaKind.ConnectWise, "cw-" + organizationId, name + " Inc", "agr-" + organizationId, at, "bob@msp.example", at), at, "bob@msp.example");
        await RecordAsync(customerKey, new ServiceMapped(BillableService.PerAgent, null, agentLine, UnitRule.Each.ToTerms(), new Money(agentPrice, "USD"), at, "bob@msp.example", at), at, "bob@msp.example");
    }

    private void MoveClockTo(DateTimeOffset time)
    {
        if (time > clock.GetUtcNow())
        {
            clock.SetUtcNow(time);
        }
    }
}
