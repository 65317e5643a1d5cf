using LedgerReconcile.Domain.Tenants;
using static LedgerReconcile.Domain.Tenants.TenantCommand;
using static LedgerReconcile.Domain.Tenants.TenantEvent;

namespace LedgerReconcile.Domain.Tests.Tenants;

public class SyncSettingsTests
{
    private static readonly SyncSettings Hourly = SyncSettings.Default with
    {
        DattoSyncInterval = TimeSpan.FromHours(1),
        PsaAgreementTypes = ["Managed Services", "Backup"],
    };

    [Fact]
    public void SetsTheTenantsSchedule() =>
        Spec.Tenant
            .When(new SetSyncSettings(Hourly, Sample.Person, Sample.Now))
            .Then(new SyncSettingsSet(Hourly, Sample.Person, Sample.Now));

    [Fact]
    public void TheSameSettingsWithAnEqualListOfTypesChangeNothing() =>
        Spec.Tenant
            .Given(new SyncSettingsSet(Hourly, Sample.Person, Sample.Now))
            .When(new SetSyncSettings(Hourly with { PsaAgreementTypes = ["Managed Services", "Backup"] }, Sample.Person, Sample.Now))
            .ThenNothing();

    [Fact]
    public void ADifferentListOfTypesIsANewChoice() =>
        Spec.Tenant
            .Given(new SyncSettingsSet(Hourly, Sample.Person, Sample.Now))
            .When(new SetSyncSettings(Hourly with { PsaAgreementTypes = ["Backup"] }, Sample.Person, Sample.Now))
            .Then(new SyncSettingsSet(Hourly with { PsaAgreementTypes = ["Backup"] }, Sample.Person, Sample.Now));

    [Theory]
    [InlineData(0, 360, 2, 72)]
    [InlineData(14, 360, 2, 72)]
    [InlineData(60, 10081, 2, 72)]
    [InlineData(60, 360, 0, 72)]
    [InlineData(60, 360, 101, 72)]
    [InlineData(60, 360, 2, 0)]
    [InlineData(60, 360, 2, 2161)]
    public void IntervalsAndGracePeriodsOutsideTheirBoundsAreRefused(int dattoMinutes, int psaMinutes, int graceSyncs, int graceHours) =>
        Spec.Tenant
            .When(new SetSyncSettings(
                new SyncSettings(TimeSpan.FromMinutes(dattoMinutes), TimeSpan.FromMinutes(psaMinutes), [], graceSyncs, TimeSpan.FromHours(graceHours)),
                Sample.Person,
                Sample.Now))
            .ThenViolates("sync_settings.invalid");

    [Fact]
    public void AnEmptyAgreementTypeIsRefused() =>
        Spec.Tenant
            .When(new SetSyncSettings(Hourly with { PsaAgreementTypes = ["Backup", " "] }, Sample.Person, Sample.Now))
            .ThenViolates("sync_settings.invalid");

    [Theory]
    [InlineData("managed services ", true)]
    [InlineData("Backup", true)]
    [InlineData("Break/Fix", false)]
    [InlineData(null, false)]
    public void OnlyTheListedAgreementTypesAreRead(string? type, bool read) =>
        Assert.Equal(read, Hourly.ReadsAgreementType(type));

    [Fact]
    public void NoListedTypeMeansEveryTypeIsRead() =>
        Assert.True(SyncSettings.Default.ReadsAgreementType("Break/Fix"));

    [Theory]
    [InlineData(" Managed Services", "Managed Services", null, true)]
    [InlineData("7", "Backup", "7", true)]
    [InlineData("Backup ", "Managed Services", "7", false)]
    public void AnAgreementTypeMatchesByNameOrIdAsAPersonReadsIt(string wanted, string typeName, string? typeId, bool matches) =>
        Assert.Equal(matches, AgreementTypes.Match([wanted], typeId, typeName));
}
