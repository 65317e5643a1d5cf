using LedgerReconcile.Application.Customers;

namespace LedgerReconcile.Application.Tests;

/// <summary>Datto-shaped sync payloads for one customer, organization 4711.</summary>
public static class Snapshots
{
    public const long OrganizationId = 4711;
    public const string CustomerKey = "org-4711";
    public const string Sync = "sync:datto";
    public const string Person = "alice@msp.example";

    public static readonly DateTimeOffset ObservedAt = new(2025, 10, 31, 22, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<SnapshotDevice> MixedDevices { get; } =
    [
        new("SIRIS0001", "acme-siris", "S5-4", Hidden: false, new DateOnly(2027, 1, 1), IsAzure: false, new SnapshotStorage(1.5m, "TB")),
        new("ALTO00002", "acme-alto", "A4", Hidden: true, new DateOnly(2027, 1, 1), IsAzure: false, new SnapshotStorage(750m, "GB")),
        new("NAS000003", "acme-nas", "NAS-2", Hidden: false, new DateOnly(2025, 6, 30), IsAzure: false, new SnapshotStorage(512000m, "MiB")),
        new("SIRIS0004", "acme-branch", "S5-2", Hidden: false, null, IsAzure: false, new SnapshotStorage(1073741824m, null)),
    ];

    public static IReadOnlyList<SnapshotAsset> MixedAssets { get; } =
    [
        Agent("SIRIS0001", "0a1b2c3d4e5f60718293a4b5c6d7e8f9", "acme-dc01"),
        Agent("SIRIS0001", "1a1b2c3d4e5f60718293a4b5c6d7e8f9", "acme-sql01") with { IsPaused = true },
        Agent("SIRIS0001", "2a1b2c3d4e5f60718293a4b5c6d7e8f9", "acme-old01") with { IsArchived = true },
        Agent("ALTO00002", "3a1b2c3d4e5f60718293a4b5c6d7e8f9", "acme-fs01"),
        new("NAS000003", "4a1b2c3d4e5f60718293a4b5c6d7e8f9", "finance", "share", false, false, null, null),
        new("NAS000003", "5a1b2c3d4e5f60718293a4b5c6d7e8f9", "scans", "share", false, false, null, null),
    ];

    public static SnapshotAsset Agent(string device, string volume, string name) =>
        new(device, volume, name, "agent", false, false, "Windows Server 2022", ObservedAt.AddHours(-1));

    public static IngestUsageSnapshot Mixed(string snapshotId = "run-1/4711", DateTimeOffset? observedAt = null, IReadOnlyList<SnapshotAsset>? assets = null) =>
        new(
            SyncContext(),
            snapshotId,
            "run-1",
            observedAt ?? ObservedAt,
            OrganizationId,
            "Acme Ltd",
            "Acme Ltd",
            MixedDevices,
            assets ?? MixedAssets,
            [new SnapshotEndpointAgent("ep-1", "acme-laptop-1", "windows", "EB4PC")],
            [
                new SnapshotSaasDomain(9001, "acme.com", "Office365", 3,
                [
                    new SnapshotSaasSeat("ann@acme.com", "Ann", "User", "Active", "1"),
                    new SnapshotSaasSeat("bob@acme.com", "Bob", "User", "Paused", "1"),
                    new SnapshotSaasSeat("info@acme.com", "Info", "SharedMailbox", "Active", ""),
                    new SnapshotSaasSeat("old@acme.com", "Old", "User", "Unprotected", "0"),
                ]),
            ],
            []);

    /// <summary>The envelope of a sync's command: a fresh command id each time, so a resend is another delivery.</summary>
    public static CommandContext SyncContext(string correlationId = "corr-sync-1") => new(LedgerHost.Tenant, Sync, correlationId, Guid.CreateVersion7());
}
