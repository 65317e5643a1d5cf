using LedgerReconcile.Domain.ApiKeys;
using static LedgerReconcile.Domain.ApiKeys.ApiKeyCommand;
using static LedgerReconcile.Domain.ApiKeys.ApiKeyEvent;

namespace LedgerReconcile.Domain.Tests.ApiKeys;

public class ApiKeyTests
{
    private const string KeyId = "9f3a61c2d4e5b607";
    private const string Sha256 = "21f58eb73e8f4131700d08b63ee515087f65839a328e6a275785109978ec9bd3";
    private static readonly ApiKeyIssued Issued = new(KeyId, "msp-one", "finance", "Month-end close", Sha256, Sample.Person);

    private static DeciderSpec<ApiKeyCommand, ApiKeyEvent, ApiKeyState> Spec() => new(ApiKeyDecider.Decide, ApiKeyState.Evolve, ApiKeyState.Initial);

    private static IssueApiKey Issue(string sha256 = Sha256) => new(KeyId, "msp-one", "finance", "Month-end close", sha256, Sample.Person, Sample.Now);

    [Fact]
    public void IssuingAKeyRecordsItsHashRoleAndWhoIssuedIt() =>
        Spec().When(Issue()).Then(Issued);

    [Fact]
    public void AnIssuedKeyBelongsToItsTenantAndWorks()
    {
        var state = Spec().Given(Issued).When(Issue()).ThenState();

        Assert.Equal(("msp-one", "finance", Sha256, false), (state.Tenant, state.Role, state.Sha256, state.Revoked));
    }

    [Fact]
    public void IssuingTheSameKeyAgainChangesNothing() =>
        Spec().Given(Issued).When(Issue()).ThenNothing();

    [Fact]
    public void CantIssueAKeyIdThatNamesAnotherKey() =>
        Spec().Given(Issued).When(Issue(sha256: new string('0', 64))).ThenViolates("api_key.already_issued");

    [Fact]
    public void RevokingAKeyRecordsWhoRevokedIt() =>
        Spec().Given(Issued).When(new RevokeApiKey(KeyId, "msp-one", "bob@msp.example", Sample.Now)).Then(new ApiKeyRevoked(KeyId, "bob@msp.example"));

    [Fact]
    public void ARevokedKeyNoLongerWorks()
    {
        var state = Spec().Given(Issued).When(new RevokeApiKey(KeyId, "msp-one", "bob@msp.example", Sample.Now)).ThenState();

        Assert.True(state.Revoked);
        Assert.Equal("bob@msp.example", state.RevokedBy);
    }

    [Fact]
    public void RevokingARevokedKeyChangesNothing() =>
        Spec()
            .Given(Issued, new ApiKeyRevoked(KeyId, "bob@msp.example"))
            .When(new RevokeApiKey(KeyId, "msp-one", Sample.Person, Sample.Now))
            .ThenNothing();

    [Fact]
    public void CantRevokeAKeyThatWasNeverIssued() =>
        Spec().When(new RevokeApiKey(KeyId, "msp-one", Sample.Person, Sample.Now)).ThenViolates("api_key.unknown");

    [Fact]
    public void AnotherTenantsKeyIsUnknownToTheRevoker() =>
        Spec().Given(Issued).When(new RevokeApiKey(KeyId, "msp-two", Sample.Person, Sample.Now)).ThenViolates("api_key.unknown");

    [Fact]
    public void ApiKeyEventsKeepTheStoredNamesExistingDatabasesHold()
    {
        Assert.Equal("system.api_key_issued.v1", EventRegistry.StoredNameOf(typeof(ApiKeyIssued)));
        Assert.Equal("system.api_key_revoked.v1", EventRegistry.StoredNameOf(typeof(ApiKeyRevoked)));
        Assert.Equal("apikey-" + KeyId, StreamNames.ApiKey(KeyId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("9F3A")]
    [InlineData("../tenant-x")]
    public void RefusesKeyIdsThatAreNotLowercaseHex(string keyId) =>
        Assert.Throws<ArgumentException>(() => StreamNames.ApiKey(keyId));
}
