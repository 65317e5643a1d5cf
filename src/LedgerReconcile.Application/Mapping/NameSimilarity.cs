using System.Globalization;
using System.Text;

namespace LedgerReconcile.Application.Mapping;

/// <param name="Score">0 (nothing alike) to 1 (the same name once the noise is folded away).</param>
/// <param name="Reason">Why, in words a finance person reads next to the suggestion.</param>
public sealed record NameMatch(double Score, string Reason);

/// <summary>
/// How alike a Datto organization name and a PSA company name are. Both are first folded: case, accents and
/// punctuation dropped, "&amp;" read as "and", legal suffixes (Inc, LLC, GmbH, Ltd...) removed. The score is half the
/// word overlap (Jaccard over the folded words: catches reordered words) and half Jaro-Winkler over the folded text
/// (catches typos and abbreviations sharing a prefix); equal folded names score 1.
/// </summary>
public static class NameSimilarity
{
    private static readonly HashSet<string> LegalSuffixes = new(StringComparer.Ordinal)
    {
        "inc", "incorporated", "llc", "llp", "lp", "ltd", "limited", "corp", "corporation", "co", "company", "plc", "pllc", "pc",
        "gmbh", "ag", "kg", "ug", "mbh", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "oy", "ab", "as", "aps", "pty", "pte", "kk",
    };

    // The process runs with invariant globalization, where string.Normalize does not decompose accents, so Latin
    // letters are folded from this table (lower case; each accented letter at the index of its plain one).
    private const string Accented = "àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćĉċčďēĕėęěĝğġģĥĩīĭįĵķĺļľńņňōŏőŕŗřśŝşšţťũūŭůűųŵŷźżž";
    private const string Plain = "aaaaaaceeeeiiiinooooouuuuyyaaaccccdeeeeegggghiiiijklllnnnooorrrssssttuuuuuuwyzzz";

    private static readonly Dictionary<char, string> Ligatures = new() { ['ß'] = "ss", ['æ'] = "ae", ['œ'] = "oe", ['ø'] = "o", ['đ'] = "d", ['ħ'] = "h", ['ł'] = "l", ['þ'] = "th", ['ı'] = "i" };

    public static NameMatch Compare(string left, string right)
    {
        var leftWords = Words(left);
        var rightWords = Words(right);
        if (leftWords.Count == 0 || rightWords.Count == 0)
        {
            return new NameMatch(0, "One of the names has no words to compare.");
        }

        var leftText = string.Join(' ', leftWords);
        var rightText = string.Join(' ', rightWords);
        if (leftText == rightText)
        {
            return new NameMatch(1, "Same name once case, accents, punctuation and legal suffixes are ignored.");
        }

        var shared = leftWords.Intersect(rightWords, StringComparer.Ordinal).Count();
        var jaccard = (double)shared / leftWords.Union(rightWords, StringComparer.Ordinal).Count();
        var spelling = JaroWinkler(leftText, rightText);
        var score = Math.Round((jaccard + spelling) / 2, 3);
        return new NameMatch(
            score,
            string.Create(CultureInfo.InvariantCulture, $"{shared} of {Math.Max(leftWords.Count, rightWords.Count)} words in common; spelling {spelling:0.00} alike."));
    }

    /// <summary>The name's words, folded: lower case, no accents or punctuation, "&amp;" as "and", no legal suffix.</summary>
    public static IReadOnlyList<string> Words(string name)
    {
        var folded = new StringBuilder(name.Length);
        foreach (var letter in name)
        {
            var c = char.ToLowerInvariant(letter);
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c is '.' or '\'' or '’')
            {
                // "L.L.C." and "Inc." lose their dots without splitting, so they fold to one suffix word.
                continue;
            }

            var plain = Accented.IndexOf(c, StringComparison.Ordinal);
            folded.Append(
                c == '&' ? " and "
                : plain >= 0 ? Plain[plain].ToString()
                : Ligatures.TryGetValue(c, out var spelled) ? spelled
                : char.IsLetterOrDigit(c) ? c.ToString()
                : " ");
        }

        var words = folded.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        // A suffix is dropped only at the end and never when it is the whole name ("Co" alone stays "co").
        while (words.Count > 1 && LegalSuffixes.Contains(words[^1]))
        {
            words.RemoveAt(words.Count - 1);
        }

        return words;
    }

    public static double JaroWinkler(string left, string right)
    {
        var jaro = Jaro(left, right);
        var prefix = 0;
        while (prefix < Math.Min(4, Math.Min(left.Length, right.Length)) && left[prefix] == right[prefix])
        {
            prefix++;
        }

        return jaro + prefix * 0.1 * (1 - jaro);
    }

    private static double Jaro(string left, string right)
    {
        if (left.Length == 0 || right.Length == 0)
            return 0;
        var window = Math.Max(0, Math.Max(left.Length, right.Length) / 2 - 1);
        var leftMatched = new bool[left.Length];
        var rightMatched = new bool[right.Length];
        var matches = 0;
        for (var i = 0; i < left.Length; i++)
        {
            for (var j = Math.Max(0, i - window); j < Math.Min(right.Length, i + window + 1); j++)
            {
                if (rightMatched[j] || left[i] != right[j])
                    continue;
                leftMatched[i] = rightMatched[j] = true;
                matches++;
                break;
            }
        }

        if (matches == 0)
            return 0;
        var transpositions = 0;
        for (int i = 0, j = 0; i < left.Length; i++)
        {
            if (!leftMatched[i])
                continue;
            while (!rightMatched[j])
                j++;
            if (left[i] != right[j])
                transpositions++;
            j++;
        }

        double m = matches;
        return (m / left.Length + m / right.Length + (m - transpositions / 2.0) / m) / 3;
    }
}
