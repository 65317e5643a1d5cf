using LedgerReconcile.Domain.Billing;

namespace LedgerReconcile.Domain.Tests.Billing;

public class UnitRuleTests
{
    private const decimal OneTerabyte = 1_000_000_000_000m;
    private const decimal OneTebibyte = 1_099_511_627_776m;

    [Theory]
    [InlineData(Rounding.Up, 3)]
    [InlineData(Rounding.Nearest, 2)]
    [InlineData(Rounding.Down, 2)]
    public void RoundsToWholeTerabytesInTheChosenDirection(Rounding rounding, decimal expected) =>
        Assert.Equal(expected, new UnitRule(BillingUnit.Terabyte, 1000, rounding, 1m, 0m, 0m).Quantity(2.3m * OneTerabyte));

    [Fact]
    public void TheBaseDecidesWhatATerabyteIs()
    {
        Assert.Equal(1m, new UnitRule(BillingUnit.Terabyte, 1024, Rounding.Up, 1m, 0m, 0m).Quantity(OneTebibyte));
        Assert.Equal(2m, new UnitRule(BillingUnit.Terabyte, 1000, Rounding.Up, 1m, 0m, 0m).Quantity(OneTebibyte));
    }

    [Fact]
    public void RoundsToHalfTerabyteStepsAfterTheAllowance() =>
        Assert.Equal(1.5m, new UnitRule(BillingUnit.Terabyte, 1000, Rounding.Up, 0.5m, 1m, 0m).Quantity(2.2m * OneTerabyte));

    [Fact]
    public void GigabytesRoundToTheStep() =>
        Assert.Equal(1500m, new UnitRule(BillingUnit.Gigabyte, 1000, Rounding.Nearest, 500m, 0m, 0m).Quantity(1.3m * OneTerabyte));

    [Fact]
    public void UsageBelowTheAllowanceBillsTheMinimum() =>
        Assert.Equal(1m, new UnitRule(BillingUnit.Terabyte, 1000, Rounding.Up, 1m, 2m, 1m).Quantity(1.9m * OneTerabyte));

    [Theory]
    [InlineData("1.5", "TB", 1_649_267_441_664)]
    [InlineData("750", "gb", 805_306_368_000)]
    [InlineData("2", "KiB", 2048)]
    [InlineData("123", "", 123)]
    [InlineData("123", "Bytes", 123)]
    public void NormalisesReportedStorageToBytes(string size, string units, long bytes)
    {
        Assert.True(StorageSize.TryToBytes(decimal.Parse(size, System.Globalization.CultureInfo.InvariantCulture), units, out var actual));
        Assert.Equal(bytes, actual);
    }

    [Theory]
    [InlineData(1, "PB")]
    [InlineData(1, "gigs")]
    [InlineData(-1, "GB")]
    public void RefusesStorageItCannotRead(decimal size, string units) =>
        Assert.False(StorageSize.TryToBytes(size, units, out _));
}
