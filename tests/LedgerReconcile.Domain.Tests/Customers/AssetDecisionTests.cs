using LedgerReconcile.Domain.Billing;
using static LedgerReconcile.Domain.Customers.CustomerCommand;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Domain.Tests.Customers;

public class AssetDecisionTests
{
    private static readonly AssetRef FinanceShare = AssetRef.Volume("vol-share-finance");

    [Fact]
    public void IgnoresAShareTheLedgerHasSeen() =>
        Spec.Customer
            .Given(Sample.Recorded())
            .When(new IgnoreAsset(FinanceShare, "Backs up the MSP's own NAS", Sample.Person, Sample.Now))
            .Then(new AssetIgnored(FinanceShare, "Backs up the MSP's own NAS", Sample.Person, Sample.Now));

    [Fact]
    public void IgnoresASaasSeat() =>
        Spec.Customer
            .Given(Sample.Recorded())
            .When(new IgnoreAsset(AssetRef.SaasSeat(9001, "info@acme.com"), "Free shared mailbox", Sample.Person, Sample.Now))
            .Then(new AssetIgnored(AssetRef.SaasSeat(9001, "info@acme.com"), "Free shared mailbox", Sample.Person, Sample.Now));

    [Fact]
    public void IgnoringAnIgnoredShareChangesNothing() =>
        Spec.Customer
            .Given(Sample.Recorded(), new AssetIgnored(FinanceShare, "MSP's own", Sample.Person, Sample.Now))
            .When(new IgnoreAsset(FinanceShare, "again", Sample.Person, Sample.Now))
            .ThenNothing();

    [Fact]
    public void CantIgnoreAnAssetNoSnapshotHasListed() =>
        Spec.Customer
            .Given(Sample.Recorded())
            .When(new IgnoreAsset(AssetRef.Volume("vol-typo"), "test box", Sample.Person, Sample.Now))
            .ThenViolates("asset.unknown");

    [Fact]
    public void CantIgnoreAnAssetThatWasIncluded() =>
        Spec.Customer
            .Given(Sample.Recorded(), new AssetIncluded(FinanceShare, "bill it", Sample.Person, Sample.Now))
            .When(new IgnoreAsset(FinanceShare, "changed my mind", Sample.Person, Sample.Now))
            .ThenViolates("asset.included");

    [Fact]
    public void RevokesAnIgnoreDecision() =>
        Spec.Customer
            .Given(Sample.Recorded(), new AssetIgnored(FinanceShare, "MSP's own", Sample.Person, Sample.Now))
            .When(new RevokeIgnore(FinanceShare, "It is the customer's after all", Sample.Person, Sample.Now))
            .Then(new IgnoreRevoked(FinanceShare, "It is the customer's after all", Sample.Person, Sample.Now));

    [Fact]
    public void RevokingAnIgnoreThatIsNotInForceChangesNothing() =>
        Spec.Customer
            .Given(Sample.Recorded())
            .When(new RevokeIgnore(FinanceShare, "tidy", Sample.Person, Sample.Now))
            .ThenNothing();

    [Fact]
    public void IncludesAShareThatWaitsForADecision() =>
        Spec.Customer
            .Given(Sample.Recorded())
            .When(new IncludeAsset(FinanceShare, "Customer data: bill it", Sample.Person, Sample.Now))
            .Then(new AssetIncluded(FinanceShare, "Customer data: bill it", Sample.Person, Sample.Now));

    [Fact]
    public void IncludingAnIncludedAssetChangesNothing() =>
        Spec.Customer
            .Given(Sample.Recorded(), new AssetIncluded(FinanceShare, "bill it", Sample.Person, Sample.Now))
            .When(new IncludeAsset(FinanceShare, "bill it", Sample.Person, Sample.Now))
            .ThenNothing();

    [Fact]
    public void CantIncludeAnIgnoredAsset() =>
        Spec.Customer
            .Given(Sample.Recorded(), new AssetIgnored(FinanceShare, "MSP's own", Sample.Person, Sample.Now))
            .When(new IncludeAsset(FinanceShare, "bill it", Sample.Person, Sample.Now))
            .ThenViolates("asset.ignored");

    [Fact]
    public void CantIncludeAnAssetNoSnapshotHasListed() =>
        Spec.Customer
            .Given(Sample.Recorded())
            .When(new IncludeAsset(AssetRef.Device("NOPE"), "bill it", Sample.Person, Sample.Now))
            .ThenViolates("asset.unknown");

    [Fact]
    public void RevokesAnInclusion() =>
        Spec.Customer
            .Given(Sample.Recorded(), new AssetIncluded(FinanceShare, "bill it", Sample.Person, Sample.Now))
            .When(new RevokeInclusion(FinanceShare, "wrong share", Sample.Person, Sample.Now))
            .Then(new InclusionRevoked(FinanceShare, "wrong share", Sample.Person, Sample.Now));

    [Fact]
    public void RevokingAnInclusionThatIsNotInForceChangesNothing() =>
        Spec.Customer
            .Given(Sample.Recorded())
            .When(new RevokeInclusion(FinanceShare, "tidy", Sample.Person, Sample.Now))
            .ThenNothing();
}
