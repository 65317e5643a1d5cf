using System.Globalization;
using LedgerReconcile.Domain.Billing;

namespace LedgerReconcile.Domain.Tests.Billing;

public sealed class PsaKindRulesTests
{
    [Theory]
    [InlineData("2026-05-14", "2026-06-01")]
    [InlineData("2026-05-01", "2026-06-01")]
    [InlineData("2026-12-31", "2027-01-01")]
    public void AnAutotaskChangeTakesEffectOnTheFirstOfNextMonth(string today, string effective) =>
        Assert.Equal(DateOnly.Parse(effective, CultureInfo.InvariantCulture), PsaKind.Autotask.EffectiveDate(DateOnly.Parse(today, CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(PsaKind.ConnectWise)]
    [InlineData(PsaKind.HaloPsa)]
    [InlineData(PsaKind.Syncro)]
    public void AnAbsoluteWriteTakesEffectTodayAndAcceptsFractions(PsaKind kind)
    {
        var today = new DateOnly(2026, 5, 14);
        Assert.Equal((today, PsaWriteStyle.Absolute, false), (kind.EffectiveDate(today), kind.WriteStyle(), kind.WholeUnitsOnly()));
    }

    [Fact]
    public void AutotaskWritesWholeUnitDeltas() =>
        Assert.Equal((PsaWriteStyle.Delta, true), (PsaKind.Autotask.WriteStyle(), PsaKind.Autotask.WholeUnitsOnly()));
}
