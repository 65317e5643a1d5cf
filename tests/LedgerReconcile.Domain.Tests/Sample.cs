using System.Collections.Immutable;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using static LedgerReconcile.Domain.Customers.CustomerCommand;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Domain.Tests;

/// <summary>One customer with a bit of everything the billing rules care about.</summary>
public static class Sample
{
    public const string Person = "alice@msp.example";
    public const string Sync = "sync:datto";
    public const long OrganizationId = 4711;

    public static readonly DateTimeOffset Now = new(2025, 11, 3, 10, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset ObservedAt = new(2025, 10, 31, 23, 0, 0, TimeSpan.Zero);

    public static readonly ImmutableDictionary<CountingPolicyKind, CountingChoice> NoTenantPolicies =
        ImmutableDictionary<CountingPolicyKind, CountingChoice>.Empty;

    public static IReadOnlyList<ObservedDevice> Devices { get; } =
    [
        new("SIRIS0001", "acme-siris", "S5-4", Hidden: false, new DateOnly(2027, 1, 1), IsAzure: false, 1.5m, "TB"),
        new("ALTO00002", "acme-alto", "A4", Hidden: true, new DateOnly(2027, 1, 1), IsAzure: false, 750m, "GB"),
        new("NAS000003", "acme-nas", "NAS-2", Hidden: false, new DateOnly(2025, 6, 30), IsAzure: false, 512000m, "MiB"),
        new("AZURE0004", "acme-dbma", "CLDSIRIS", Hidden: false, null, IsAzure: true, 1073741824m, null),
    ];

    public static IReadOnlyList<VolumeUsage> Volumes { get; } =
    [
        Agent("SIRIS0001", "vol-agent-active", "acme-dc01"),
        Agent("SIRIS0001", "vol-agent-paused", "acme-sql01") with { Paused = true },
        Agent("SIRIS0001", "vol-agent-archived", "acme-old01") with { Archived = true },
        Agent("ALTO00002", "vol-agent-alto", "acme-fs01"),
        Share("NAS000003", "vol-share-finance", "finance"),
        Share("NAS000003", "vol-share-scans", "scans"),
        Agent("AZURE0004", "vol-azure-archived", "acme-cloud01") with { Archived = true },
    ];

    public static IReadOnlyList<EndpointAgentUsage> EndpointAgents { get; } =
    [
        new("ep-laptop-1", "acme-laptop-1", "windows", "EB4PC"),
        new("ep-laptop-2", "acme-laptop-2", "windows", "EB4PC"),
    ];

    public static IReadOnlyList<SaasDomainUsage> SaasDomains { get; } =
    [
        new(9001, "acme.com", "Office365", 4,
        [
            new("ann@acme.com", "Ann", "User", "Active", Billable: true),
            new("bob@acme.com", "Bob", "User", "Paused", Billable: true),
            new("info@acme.com", "Info", "SharedMailbox", "Active", Billable: true),
            new("old@acme.com", "Old", "User", "Unprotected", Billable: false),
            new("gone@acme.com", "Gone", "User", "Archived", Billable: false),
        ]),
        new(9002, "acme.onmicrosoft.com", "Office365", 7, null),
    ];

    public static VolumeUsage Agent(string device, string volume, string name) =>
        new(device, volume, name, VolumeType.Agent, Paused: false, Archived: false, "Windows Server 2022", ObservedAt.AddHours(-2));

    public static VolumeUsage Share(string device, string volume, string name) =>
        new(device, volume, name, VolumeType.Share, Paused: false, Archived: false, null, ObservedAt.AddHours(-3));

    public static RecordUsageSnapshot Snapshot(string snapshotId = "snap-1", DateTimeOffset? observedAt = null) =>
        new(
            snapshotId,
            "run-1",
            observedAt ?? ObservedAt,
            OrganizationId,
            "Acme Ltd",
            Devices,
            Volumes,
            EndpointAgents,
            SaasDomains,
            [],
            Sync,
            Now);

    /// <summary>The event the decider records for a snapshot on an empty ledger.</summary>
    public static UsageSnapshotRecorded Recorded(RecordUsageSnapshot snapshot) =>
        (UsageSnapshotRecorded)CustomerDecider.Decide(snapshot, CustomerState.Initial).Single();

    public static UsageSnapshotRecorded Recorded() => Recorded(Snapshot());

    public static AccountMapped AccountMapped(PsaKind kind = PsaKind.ConnectWise) =>
        new(OrganizationId, "Acme Ltd", kind, "cw-250", "Acme Limited", "agr-77", Now, Person, Now);

    public static ServiceMapped ServiceMapped(BillableService service, string psaLineId, UnitRule? rule = null, string? seatType = null) =>
        new(service, seatType, psaLineId, (rule ?? UnitRule.Each).ToTerms(), new Money(12.50m, "EUR"), Now, Person, Now);

    public static UnitRule TerabytesRoundedUp { get; } = new(BillingUnit.Terabyte, 1000, Rounding.Up, 1m, 0m, 0m);
}
