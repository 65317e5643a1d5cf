using LedgerReconcile.Domain.Credentials;
using static LedgerReconcile.Domain.Credentials.CredentialsCommand;
using static LedgerReconcile.Domain.Credentials.CredentialsEvent;

namespace LedgerReconcile.Domain.Tests.Credentials;

public class CredentialsTests
{
    private const string Fingerprint = "hmac-sha256:df817d27fb3e3118";
    private static readonly CredentialsChanged HaloChanged = new("HaloPsa", Fingerprint, Sample.Person, Sample.Now);

    private static DeciderSpec<CredentialsCommand, CredentialsEvent, CredentialsState> Spec() =>
        new(CredentialsDecider.Decide, CredentialsState.Evolve, CredentialsState.Initial);

    [Fact]
    public void ACredentialsChangeRecordsTheFingerprintWhoAndWhen() =>
        Spec().When(new RecordCredentialsChange("HaloPsa", Fingerprint, Sample.Person, Sample.Now)).Then(HaloChanged);

    [Fact]
    public void NewValuesForAnIntegrationAreAChange() =>
        Spec()
            .Given(HaloChanged)
            .When(new RecordCredentialsChange("HaloPsa", "hmac-sha256:0000000000000001", "bob@msp.example", Sample.Now.AddDays(1)))
            .Then(new CredentialsChanged("HaloPsa", "hmac-sha256:0000000000000001", "bob@msp.example", Sample.Now.AddDays(1)));

    [Fact]
    public void SettingTheSameValuesAgainChangesNothing() =>
        Spec().Given(HaloChanged).When(new RecordCredentialsChange("HaloPsa", Fingerprint, "bob@msp.example", Sample.Now.AddDays(1))).ThenNothing();

    [Fact]
    public void EachIntegrationHasItsOwnCredentials()
    {
        var state = Spec()
            .Given(HaloChanged)
            .When(new RecordCredentialsChange("Datto", Fingerprint, "bob@msp.example", Sample.Now.AddDays(1)))
            .ThenState();

        Assert.Equal(new CredentialsFingerprint(Fingerprint, Sample.Person, Sample.Now), state.Integrations["HaloPsa"]);
        Assert.Equal(new CredentialsFingerprint(Fingerprint, "bob@msp.example", Sample.Now.AddDays(1)), state.Integrations["Datto"]);
    }

    [Fact]
    public void CredentialsEventsKeepTheStoredNameExistingDatabasesHold()
    {
        Assert.Equal("system.credentials_changed.v1", EventRegistry.StoredNameOf(typeof(CredentialsChanged)));
        Assert.Equal("credentials-msp-one", StreamNames.Credentials("msp-one"));
    }
}
