using LedgerReconcile.Application.Mapping;

namespace LedgerReconcile.Application.Tests.Mapping;

public class NameSimilarityTests
{
    [Theory]
    [InlineData("Acme Dental, LLC", "Acme Dental")]
    [InlineData("ACME DENTAL INC.", "acme dental")]
    [InlineData("Müller & Söhne GmbH", "Muller and Sohne")]
    [InlineData("Smith & Jones Ltd", "Smith and Jones Limited")]
    [InlineData("O'Brien Plumbing L.L.C.", "OBrien Plumbing")]
    [InlineData("Café Zürich AG", "Cafe Zurich")]
    [InlineData("  Harbor   Dental  ", "Harbor-Dental")]
    public void NamesThatDifferOnlyInNoiseScoreOne(string datto, string psa)
    {
        var match = NameSimilarity.Compare(datto, psa);

        Assert.Equal(1, match.Score);
        Assert.Contains("legal suffixes", match.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReorderedWordsStillScoreHigh()
    {
        Assert.True(NameSimilarity.Compare("Dental Harbor", "Harbor Dental").Score >= 0.7);
    }

    [Fact]
    public void ATypoScoresHighButBelowAnExactName()
    {
        var typo = NameSimilarity.Compare("Acme Dentl", "Acme Dental").Score;

        Assert.InRange(typo, 0.6, 0.99);
    }

    [Fact]
    public void UnrelatedNamesScoreLow()
    {
        Assert.True(NameSimilarity.Compare("Acme Dental", "Globex Logistics").Score < 0.5);
    }

    [Fact]
    public void TheCloserNameWins()
    {
        var close = NameSimilarity.Compare("Initech Software", "Initech Software Services").Score;
        var far = NameSimilarity.Compare("Initech Software", "Initrode").Score;

        Assert.True(close > far, $"{close} should beat {far}");
    }

    [Fact]
    public void ALegalSuffixAloneIsNotDropped()
    {
        Assert.Equal(["co"], NameSimilarity.Words("Co."));
        Assert.Equal(["the", "company", "store"], NameSimilarity.Words("The Company Store Inc"));
    }

    [Fact]
    public void ANameWithoutWordsMatchesNothing()
    {
        Assert.Equal(0, NameSimilarity.Compare("---", "Acme").Score);
    }

    [Fact]
    public void TheScoreIsSymmetricAndBetweenZeroAndOne()
    {
        var pairs = new[] { ("Acme", "Acme Dental"), ("Globex", "Globe X"), ("Northwind Traders", "Northwind") };
        foreach (var (a, b) in pairs)
        {
            var forth = NameSimilarity.Compare(a, b).Score;
            Assert.Equal(forth, NameSimilarity.Compare(b, a).Score);
            Assert.InRange(forth, 0, 1);
        }
    }
}
