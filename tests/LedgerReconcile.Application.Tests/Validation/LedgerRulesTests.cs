using FluentValidation;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Domain.Billing;

namespace LedgerReconcile.Application.Tests.Validation;

public class LedgerRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("cw:19300:802:40103", IdKind.PsaLine)]
    [InlineData("run-1/4711", IdKind.Snapshot)]
    [InlineData("01a2b3c4d5e6/org:4100", IdKind.Snapshot)]
    [InlineData("datto-name:01a2b3c4d5e6/org:4100", IdKind.Drift)]
    [InlineData("9f86d081884c7d65", IdKind.Volume)]
    [InlineData("90012/u-1@harbordental.example", IdKind.Asset)]
    [InlineData("2026-10", IdKind.Period)]
    [InlineData("-94", IdKind.Reference)]
    public void RealIdsFitTheirGrammar(string id, IdKind kind) => Assert.True(LedgerRules.IsIdentifier(id, kind));

    [Theory]
    [InlineData("../etc", IdKind.Asset)]
    [InlineData("a/../b", IdKind.Snapshot)]
    [InlineData("a//b", IdKind.Snapshot)]
    [InlineData("vol\u0000", IdKind.Volume)]
    [InlineData("vol\u202Eexe", IdKind.Volume)]
    [InlineData("vol\u200B1", IdKind.Volume)]
    [InlineData("cw:1:2/3", IdKind.PsaLine)]
    [InlineData("cw:1:2?x=1", IdKind.PsaLine)]
    [InlineData(" cw:1", IdKind.PsaLine)]
    [InlineData("", IdKind.Reference)]
    [InlineData("-", IdKind.Reference)]
    [InlineData("-9a", IdKind.Reference)]
    [InlineData("--94", IdKind.Reference)]
    [InlineData("-94", IdKind.Snapshot)]
    public void IdsOutsideTheirGrammarAreRefused(string id, IdKind kind) => Assert.False(LedgerRules.IsIdentifier(id, kind));

    [Fact]
    public void AnIdIsBoundedPerKind()
    {
        Assert.True(LedgerRules.IsIdentifier(new string('1', 64), IdKind.Period));
        Assert.False(LedgerRules.IsIdentifier(new string('1', 65), IdKind.Period));
        Assert.False(LedgerRules.IsIdentifier(new string('a', 201), IdKind.PsaLine));
    }

    [Theory]
    [InlineData("PerAgent", true)]
    [InlineData("peragent", true)]
    [InlineData("1", false)]
    [InlineData("PerAgent ", false)]
    [InlineData("PerAgent,PerDevice", false)]
    [InlineData("", false)]
    public void EnumValuesAreNamesOnly(string value, bool accepted) => Assert.Equal(accepted, EnumText.IsName<BillableService>(value));

    [Fact]
    public void ObservationsLieBetween2000AndNowWithASmallSkewAndPlansWithinTwoYears()
    {
        Assert.True(LedgerRules.IsObservationTime(Now.AddMinutes(5), Now));
        Assert.False(LedgerRules.IsObservationTime(Now.AddHours(1), Now));
        Assert.False(LedgerRules.IsObservationTime(new DateTimeOffset(1999, 12, 31, 23, 0, 0, TimeSpan.Zero), Now));
        Assert.True(LedgerRules.IsLedgerTime(Now.AddYears(1), Now));
        Assert.False(LedgerRules.IsLedgerTime(Now.AddYears(3), Now));
    }

    [Fact]
    public void FreeTextRefusesControlCharactersAndBidiOverridesAndKeepsLinesOnlyWhereTextHasThem()
    {
        Assert.True(LedgerRules.IsFreeText("Monitoring server\nper ticket 4411", 2000, multiline: true));
        Assert.False(LedgerRules.IsFreeText("Monitoring server\nper ticket 4411", 500));
        Assert.False(LedgerRules.IsFreeText("ok\u0000", 2000, multiline: true));
        Assert.False(LedgerRules.IsFreeText("invoice\u202Etxt.exe", 500));
        Assert.False(LedgerRules.IsFreeText("\uD800", 500));
        Assert.True(LedgerRules.IsFreeText("Zahnarztpraxis Müller 🦷", 500));
        Assert.False(LedgerRules.IsFreeText(new string('x', 501), 500));
    }

    [Fact]
    public void QuantitiesAndMoneyAreBoundedAndNeverNegative()
    {
        Assert.True(LedgerRules.IsQuantity(6.5m));
        Assert.False(LedgerRules.IsQuantity(-1m));
        Assert.False(LedgerRules.IsQuantity(1_000_000_001m));
        Assert.False(LedgerRules.IsQuantity(0.0000001m));
        Assert.True(LedgerRules.IsMoney(45.99m));
        Assert.False(LedgerRules.IsMoney(-0.01m));
    }

    [Fact]
    public async Task MissingValuesAreRefusedByNameAndNothingIsAppended()
    {
        await using var host = await LedgerHost.StartAsync();
        var context = new CommandContext(LedgerHost.Tenant, Snapshots.Person, "corr", Guid.CreateVersion7());

        var adjustment = await Assert.ThrowsAsync<ValidationException>(() =>
            host.SendAsync(new AdjustClosedPeriod(context, Snapshots.CustomerKey, "2026-10", "PerAgent", null, null, "late")));
        var close = await Assert.ThrowsAsync<ValidationException>(() => host.SendAsync(new CloseBillingPeriod(
            context, Snapshots.CustomerKey, "2026-10", null, new DateOnly(2025, 10, 31), [new InvoicedLine("PerAgent", null, "cw:1:2:3", null, new PriceInput(null, "USD"))])));
        var empty = await Assert.ThrowsAsync<ValidationException>(() => host.SendAsync(new CloseBillingPeriod(
            context, Snapshots.CustomerKey, "2026-10", new DateOnly(2025, 10, 1), new DateOnly(2025, 10, 31), [])));
        var rule = await Assert.ThrowsAsync<ValidationException>(() => host.SendAsync(new MapService(
            context, Snapshots.CustomerKey, "PerAgent", null, "cw:1:2:3", new UnitRuleInput("Each", null, "Up", null, null, null), null, null)));

        Assert.Contains(adjustment.Errors, e => e.PropertyName == "Quantity");
        Assert.Superset(new HashSet<string> { "PeriodStart", "Lines[0].Quantity", "Lines[0].UnitPrice.Amount" }, close.Errors.Select(e => e.PropertyName).ToHashSet());
        Assert.Contains(empty.Errors, e => e.PropertyName == "Lines");
        Assert.Superset(
            new HashSet<string> { "UnitRule.Base", "UnitRule.Step", "UnitRule.IncludedAllowance", "UnitRule.Minimum" },
            rule.Errors.Select(e => e.PropertyName).ToHashSet());
        Assert.Equal(0, await host.Store.ReadHeadPositionAsync());
    }

    [Fact]
    public async Task ASnapshotFromTheFutureOrWithoutItsDevicesIsRefusedAndNothingIsAppended()
    {
        await using var host = await LedgerHost.StartAsync();

        var future = await Assert.ThrowsAsync<ValidationException>(() => host.SendAsync(Snapshots.Mixed(observedAt: host.Clock.GetUtcNow().AddDays(1))));
        var noDevices = await Assert.ThrowsAsync<ValidationException>(() => host.SendAsync(Snapshots.Mixed() with { Devices = null! }));
        var hidden = await Assert.ThrowsAsync<ValidationException>(() => host.SendAsync(Snapshots.Mixed() with
        {
            Devices = [.. Snapshots.MixedDevices.Select((d, i) => i == 0 ? d with { Hidden = null } : d)],
        }));

        Assert.Contains(future.Errors, e => e.PropertyName == "ObservedAt");
        Assert.Contains(noDevices.Errors, e => e.PropertyName == "Devices");
        Assert.Contains(hidden.Errors, e => e.PropertyName == "Devices[0].Hidden");
        Assert.Equal(0, await host.Store.ReadHeadPositionAsync());
    }
}
