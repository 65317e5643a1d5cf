using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Domain.Tests.Customers;

public class RecordUsageSnapshotTests
{
    [Fact]
    public void RecordsAFirstSnapshotWithStorageAsReportedAndInBytes()
    {
        var recorded = Assert.IsType<UsageSnapshotRecorded>(Assert.Single(Spec.Customer.When(Sample.Snapshot()).Decide()));

        Assert.Equal(Sample.ObservedAt, recorded.ObservedAt);
        Assert.StartsWith("sha256:", recorded.ContentHash);
        var storage = recorded.Content.Devices.ToDictionary(d => d.SerialNumber, d => d.OffsiteStorage);
        Assert.Equal(new ReportedStorage(1.5m, "TB", 1_649_267_441_664), storage["SIRIS0001"]);
        Assert.Equal(new ReportedStorage(750m, "GB", 805_306_368_000), storage["ALTO00002"]);
        Assert.Equal(new ReportedStorage(512000m, "MiB", 536_870_912_000), storage["NAS000003"]);
        Assert.Equal(new ReportedStorage(1073741824m, "", 1_073_741_824), storage["AZURE0004"]);
    }

    [Fact]
    public void ReingestingTheSameSnapshotAppendsNothing() =>
        Spec.Customer.Given(Sample.Recorded()).When(Sample.Snapshot()).ThenNothing();

    [Fact]
    public void TheSameSnapshotIdWithDifferentContentIsAConflictNotANoOp()
    {
        var refused = Spec.Customer.Given(Sample.Recorded()).When(Sample.Snapshot() with { Volumes = [] }).ThenViolates("snapshot.id_reused");

        Assert.True(refused.ConflictsWithRecord);
        Assert.Contains("different content", refused.Message);
    }

    [Fact]
    public void ASnapshotThatSawTheSameContentIsRecordedAsSmallEvidence()
    {
        var first = Sample.Recorded();
        var later = Sample.ObservedAt.AddDays(1);

        Spec.Customer
            .Given(first)
            .When(Sample.Snapshot("snap-2", later))
            .Then(new UsageObservedUnchanged("snap-2", "run-1", later, first.ContentHash, "snap-1", first.Warnings, Sample.Sync));
    }

    [Fact]
    public void UnchangedEvidenceMovesTheLastSeenTimeButKeepsTheContent()
    {
        var later = Sample.ObservedAt.AddDays(1);

        var usage = Spec.Customer.Given(Sample.Recorded()).When(Sample.Snapshot("snap-2", later)).ThenState().Usage!;

        Assert.Equal("snap-1", usage.ContentSnapshotId);
        Assert.Equal("snap-2", usage.LatestEvidenceId);
        Assert.Equal(Sample.ObservedAt, usage.ObservedAt);
        Assert.Equal(later, usage.LastSeenAt);
    }

    [Fact]
    public void TheSameContentSeenAtTheSameTimeUnderAnotherIdAppendsNothing() =>
        Spec.Customer.Given(Sample.Recorded()).When(Sample.Snapshot("snap-again")).ThenNothing();

    [Fact]
    public void AChangedSnapshotIsRecordedInFull()
    {
        var changed = Sample.Snapshot("snap-2", Sample.ObservedAt.AddDays(1)) with { Volumes = Sample.Volumes.Skip(1).ToList() };

        var recorded = Assert.IsType<UsageSnapshotRecorded>(Assert.Single(Spec.Customer.Given(Sample.Recorded()).When(changed).Decide()));

        Assert.Equal(Sample.Volumes.Count - 1, recorded.Content.Volumes.Count);
        Assert.NotEqual(Sample.Recorded().ContentHash, recorded.ContentHash);
    }

    [Fact]
    public void ALateSnapshotIsKeptAsEvidenceButDoesNotReplaceNewerUsage()
    {
        var late = Sample.Snapshot("snap-late", Sample.ObservedAt.AddDays(-2)) with { Volumes = [] };

        var state = Spec.Customer.Given(Sample.Recorded()).When(late).ThenState();

        Assert.Contains("snap-late", state.RecordedSnapshotIds);
        Assert.Equal("snap-1", state.Usage!.ContentSnapshotId);
        Assert.Equal(Sample.Volumes.Count, state.Usage.Content.Volumes.Count);
    }

    [Fact]
    public void ADeviceWhoseAssetsCouldNotBeReadKeepsItsLastKnownAssets()
    {
        var unreadable = new SyncWarning(SyncWarningKind.AssetsUnreadable, "GET /asset timed out", "SIRIS0001");
        var snapshot = Sample.Snapshot("snap-2", Sample.ObservedAt.AddDays(1)) with
        {
            Volumes = Sample.Volumes.Where(v => v.DeviceSerial != "SIRIS0001").ToList(),
            Warnings = [unreadable],
        };

        var decided = Spec.Customer.Given(Sample.Recorded()).When(snapshot).Decide();

        var unchanged = Assert.IsType<UsageObservedUnchanged>(Assert.Single(decided));
        Assert.Contains(unreadable, unchanged.Warnings);
    }

    [Fact]
    public void AssetsCarriedOverFromTheLastSnapshotAreCountedWithTheNewContent()
    {
        var snapshot = Sample.Snapshot("snap-2", Sample.ObservedAt.AddDays(1)) with
        {
            Volumes = [.. Sample.Volumes.Where(v => v.DeviceSerial != "SIRIS0001"), Sample.Agent("ALTO00002", "vol-new", "acme-new01")],
            Warnings = [new SyncWarning(SyncWarningKind.AssetsUnreadable, "GET /asset failed", "SIRIS0001")],
        };

        var recorded = Assert.IsType<UsageSnapshotRecorded>(Assert.Single(Spec.Customer.Given(Sample.Recorded()).When(snapshot).Decide()));

        Assert.Equal(3, recorded.Content.Volumes.Count(v => v.DeviceSerial == "SIRIS0001"));
        Assert.Contains(recorded.Content.Volumes, v => v.VolumeId == "vol-new");
    }

    [Fact]
    public void StorageReportedWithoutUnitsIsReadAsBytesAndFlagged()
    {
        var recorded = Sample.Recorded();

        Assert.Contains(recorded.Warnings, w => w is { Kind: SyncWarningKind.StorageUnitsMissing, DeviceSerial: "AZURE0004" });
    }

    [Fact]
    public void ADomainWhoseSeatsCouldNotBeListedIsFlagged()
    {
        var recorded = Sample.Recorded();

        Assert.Contains(recorded.Warnings, w => w.Kind == SyncWarningKind.SeatsUnavailable && w.Message.Contains("acme.onmicrosoft.com", StringComparison.Ordinal));
    }

    [Fact]
    public void ARenamedDattoOrganizationIsRecordedAsDrift()
    {
        var later = Sample.ObservedAt.AddDays(1);

        var decided = Spec.Customer.Given(Sample.Recorded()).When(Sample.Snapshot("snap-2", later) with { OrganizationName = "Acme Group" }).Decide();

        Assert.Equal(new DattoOrganizationRenamed("datto-name:snap-2", "Acme Ltd", "Acme Group", later, Sample.Sync), decided[0]);
        Assert.IsType<UsageSnapshotRecorded>(decided[1]);
    }

    [Fact]
    public void TheContentHashIgnoresListingOrderAndTrailingZeros()
    {
        var reordered = Sample.Snapshot() with
        {
            Devices = Sample.Devices.Reverse().Select(d => d.SerialNumber == "SIRIS0001" ? d with { OffsiteSize = 1.50m } : d).ToList(),
            Volumes = Sample.Volumes.Reverse().ToList(),
        };

        Assert.Equal(Sample.Recorded().ContentHash, Sample.Recorded(reordered).ContentHash);
    }

    [Fact]
    public void CantRecordASnapshotListingAVolumeTwice() =>
        Spec.Customer
            .When(Sample.Snapshot() with { Volumes = [.. Sample.Volumes, Sample.Volumes[0]] })
            .ThenViolates("snapshot.duplicate_asset");

    [Fact]
    public void CantRecordASnapshotListingADeviceTwice() =>
        Spec.Customer
            .When(Sample.Snapshot() with { Devices = [.. Sample.Devices, Sample.Devices[0]] })
            .ThenViolates("snapshot.duplicate_asset");

    [Fact]
    public void CantRecordStorageInUnknownUnits() =>
        Spec.Customer
            .When(Sample.Snapshot() with { Devices = [Sample.Devices[0] with { OffsiteUnits = "PB" }] , Volumes = [] })
            .ThenViolates("snapshot.unreadable_storage");

    [Fact]
    public void CantRecordNegativeStorage() =>
        Spec.Customer
            .When(Sample.Snapshot() with { Devices = [Sample.Devices[0] with { OffsiteSize = -1m }], Volumes = [] })
            .ThenViolates("snapshot.unreadable_storage");

    [Fact]
    public void CantRecordAVolumeOfADeviceTheSnapshotDoesNotList() =>
        Spec.Customer
            .When(Sample.Snapshot() with { Devices = Sample.Devices.Skip(1).ToList() })
            .ThenViolates("snapshot.unknown_device");

    [Fact]
    public void CantRecordASnapshotOfAnotherOrganization() =>
        Spec.Customer
            .Given(Sample.Recorded())
            .When(Sample.Snapshot("snap-2", Sample.ObservedAt.AddDays(1)) with { OrganizationId = 999 })
            .ThenViolates("snapshot.other_organization");
}

public class UnreadableUsageTests
{
    private static readonly DateTimeOffset Later = Sample.ObservedAt.AddDays(1);

    [Fact]
    public void EndpointAgentsThatCouldNotBeReadAreCarriedNotDropped()
    {
        var snapshot = Sample.Snapshot("snap-2", Later) with
        {
            EndpointAgents = [],
            Warnings = [new SyncWarning(SyncWarningKind.EndpointAgentsUnreadable, "GET /dtc/assets failed")],
        };

        var state = Spec.Customer.Given(Sample.Recorded()).When(snapshot).ThenState();

        Assert.Equal(Sample.EndpointAgents.Count, state.Usage!.Content.EndpointAgents.Count);
    }

    [Fact]
    public void SaasDomainsThatCouldNotBeListedAreCarriedNotDropped()
    {
        var snapshot = Sample.Snapshot("snap-2", Later) with
        {
            SaasDomains = [],
            Warnings = [new SyncWarning(SyncWarningKind.SaasUnreadable, "GET /saas/domains failed")],
        };

        var state = Spec.Customer.Given(Sample.Recorded()).When(snapshot).ThenState();

        Assert.Equal([9001L, 9002L], state.Usage!.Content.SaasDomains.Select(d => d.SaasCustomerId).Order());
    }

    [Fact]
    public void StorageInUnrecognisedUnitsKeepsTheLastKnownFigure()
    {
        var snapshot = Sample.Snapshot("snap-2", Later) with
        {
            Devices = Sample.Devices.Select(d => d.SerialNumber == "SIRIS0001" ? d with { OffsiteSize = null, OffsiteUnits = null } : d).ToList(),
            Warnings = [new SyncWarning(SyncWarningKind.StorageUnreadable, "units 'XB' unknown", "SIRIS0001")],
        };

        var state = Spec.Customer.Given(Sample.Recorded()).When(snapshot).ThenState();

        Assert.Equal(1_649_267_441_664, state.Usage!.Content.Devices.Single(d => d.SerialNumber == "SIRIS0001").OffsiteStorage!.Bytes);
    }

    [Fact]
    public void WithoutAWarningAnEmptyListIsARealDrop()
    {
        var snapshot = Sample.Snapshot("snap-2", Later) with { EndpointAgents = [] };

        var state = Spec.Customer.Given(Sample.Recorded()).When(snapshot).ThenState();

        Assert.Empty(state.Usage!.Content.EndpointAgents);
    }
}
