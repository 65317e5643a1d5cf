using LedgerReconcile.Datto.Usage;
using LedgerReconcile.Simulators.Datto;

namespace LedgerReconcile.Datto.Tests;

public sealed class StorageUnitsTests
{
    // KB/MB/GB/TB are read as binary, like KiB/MiB/GiB/TiB (see DattoStorageUnits).
    [Theory]
    [InlineData("512", "B", 512L)]
    [InlineData("512", "Bytes", 512L)]
    [InlineData("512", "bytes", 512L)]
    [InlineData("2", "KB", 2_048L)]
    [InlineData("2", "kb", 2_048L)]
    [InlineData("2", "KiB", 2_048L)]
    [InlineData("1.5", "MB", 1_572_864L)]
    [InlineData("1.5", "MiB", 1_572_864L)]
    [InlineData("1.5", "mib", 1_572_864L)]
    [InlineData("10", "GB", 10_737_418_240L)]
    [InlineData("10", "Gb", 10_737_418_240L)]
    [InlineData("10", "GiB", 10_737_418_240L)]
    [InlineData("2.25", "TB", 2_473_901_162_496L)]
    [InlineData("2.25", "TiB", 2_473_901_162_496L)]
    [InlineData("2.25", "tib", 2_473_901_162_496L)]
    [InlineData("0.001", "GB", 1_073_742L)]
    public async Task OffsiteStorageIsNormalisedToBytesForEverySpelling(string size, string units, long bytes)
    {
        await using var bed = await DattoTestbed.StartAsync();
        var serial = bed.Partner(p => p.Devices[1].SerialNumber);
        bed.Simulator.Mutate(p => p.SetOffsiteStorage(serial, decimal.Parse(size), units));

        var usage = await bed.PullAsync();

        var storage = usage.Devices.Single(d => d.SerialNumber == serial).OffsiteStorage!;
        Assert.Equal(bytes, storage.Bytes);
        Assert.Equal((decimal.Parse(size), units), (storage.Size, storage.Units));
        Assert.Equal(DattoStorageReading.SizeAndUnits, storage.Reading);
        Assert.Empty(usage.Warnings);
    }

    [Fact]
    public async Task UnknownUnitsAreAWarningWithTheRawPairKept()
    {
        await using var bed = await DattoTestbed.StartAsync();
        var serial = bed.Partner(p => p.Devices[2].SerialNumber);
        bed.Simulator.Mutate(p => p.SetOffsiteStorage(serial, 42, "blocks"));

        var usage = await bed.PullAsync();

        var device = usage.Devices.Single(d => d.SerialNumber == serial);
        Assert.Equal(new DattoStorage(42, "blocks", null, DattoStorageReading.UnknownUnits), device.OffsiteStorage);
        var warning = Assert.Single(usage.Warnings);
        Assert.Equal((DattoWarningKind.UnknownStorageUnits, serial), (warning.Kind, warning.Subject));
        Assert.Contains("blocks", warning.Detail);
        Assert.Equal(12, usage.Devices.Count);
        var customer = usage.GroupByCustomer().Single(c => c.Devices.Contains(device));
        Assert.Equal(1, customer.DevicesWithUnknownStorage);
    }

    [Fact]
    public async Task ABareNumberIsTakenAsBytesAndFlagged()
    {
        await using var bed = await DattoTestbed.StartAsync();
        var serial = bed.Partner(p => p.Devices[0].SerialNumber);
        bed.Simulator.Mutate(p => p.SetOffsiteStorage(serial, 123_456_789_012, null));

        var usage = await bed.PullAsync();

        var storage = usage.Devices.Single(d => d.SerialNumber == serial).OffsiteStorage!;
        Assert.Equal((123_456_789_012L, DattoStorageReading.BareNumberAsBytes), (storage.Bytes!.Value, storage.Reading));
        Assert.Null(storage.Units);
        var warning = Assert.Single(usage.Warnings);
        Assert.Equal((DattoWarningKind.StorageAsBareNumber, serial), (warning.Kind, warning.Subject));
    }

    [Theory]
    [InlineData(StorageUnitsStyle.MixedSpellings)]
    [InlineData(StorageUnitsStyle.BareNumber)]
    public async Task OffsiteBytesPerCustomerAddUpWhateverTheSpelling(StorageUnitsStyle style)
    {
        var partner = DattoTestbed.SmallPartner();
        partner.OrganizationCount = 10;
        partner.StorageUnits = style;
        await using var bed = await DattoTestbed.StartAsync(partner);

        var usage = await bed.PullAsync();

        var expected = bed.Partner(p => p.Devices.GroupBy(d => d.OrganizationId)
            .ToDictionary(g => g.Key.ToString(), g => g.Sum(d => ExpectedBytes.Of(d.OffsiteStorage))));
        Assert.Equal(expected, usage.GroupByCustomer().ToDictionary(c => c.Key.Value, c => c.OffsiteBytes));
        Assert.Equal(style == StorageUnitsStyle.BareNumber ? 20 : 0, usage.Warnings.Count(w => w.Kind == DattoWarningKind.StorageAsBareNumber));
        Assert.DoesNotContain(usage.Warnings, w => w.Kind == DattoWarningKind.UnknownStorageUnits);
    }

    [Fact]
    public void TheConverterKnowsEverySpellingTheReferenceLists()
    {
        foreach (var units in new[] { "B", "Bytes", "KB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "TiB", "gib", " GB " })
            Assert.True(DattoStorageUnits.TryGetBytesPerUnit(units, out _), units);
        Assert.False(DattoStorageUnits.TryGetBytesPerUnit("Mbit", out _));
    }
}
