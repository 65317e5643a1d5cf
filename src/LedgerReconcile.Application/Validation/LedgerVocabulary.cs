using System.Buffers;

namespace LedgerReconcile.Application.Validation;

/// <summary>The kinds of id the ledger keeps; each has its own grammar and length.</summary>
public enum IdKind
{
    /// <summary>An id of another system kept as a reference (device serial, company, agreement, SaaS id).</summary>
    Reference,
    Snapshot,
    Volume,
    Period,

    /// <summary>A PSA line reference, later sent to the PSA, so it never carries a path or query character.</summary>
    PsaLine,
    Asset,
    Drift,
}

/// <summary>
/// What a valid time, id, quantity, money amount and free text is for this ledger; every validator and query rule
/// uses these, so an input is valid or not the same way on every endpoint.
/// </summary>
public static class LedgerRules
{
    public const int NameLength = 500;
    public const int ReasonLength = 2000;

    public static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Clocks of Datto and the PSAs run a little ahead of ours; more than this is a wrong time, not skew.</summary>
    public static readonly TimeSpan ObservationSkew = TimeSpan.FromMinutes(10);

    /// <summary>Effective dates and period bounds are planned ahead, but not further than a contract term.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(2 * 365);

    public const decimal MaxQuantity = 1_000_000_000m;
    public const decimal MaxMoney = 1_000_000_000m;
    public const int MaxScale = 6;

    /// <summary>Storage arrives in Datto's units, bytes at the finest; an exabyte per device is beyond any appliance.</summary>
    public const decimal MaxStorageSize = 1_000_000_000_000_000_000m;

    public const string QuantityGrammar = "A quantity is a number from 0 to 1,000,000,000 with at most 6 decimals.";
    public const string StorageGrammar = "A storage size is a number from 0 up to an exabyte in bytes.";
    public const string MoneyGrammar = "An amount is a number from 0 to 1,000,000,000 with at most 6 decimals.";

    private static readonly SearchValues<char> IdChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:@+=/-");
    private static readonly SearchValues<char> PsaLineChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-");

    public const string OffsetTimeGrammar = "a time with its offset, such as 2026-11-01T06:00:00Z or 2026-11-01T07:00:00+01:00";

    public static readonly string LedgerTimeWindow = $"A time lies between {Epoch:yyyy-MM-dd} and {Horizon.TotalDays / 365:0} years from now.";

    /// <summary>
    /// A time written as text names its offset (Z or ±hh:mm): "2026-11-01T06:00:00" alone would be read as the server's
    /// local time, so the same request would mean a different instant on another machine.
    /// </summary>
    public static bool HasExplicitOffset(string text)
    {
        var time = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        return time > 0 && (text.EndsWith('Z') || text.EndsWith('z') || text.AsSpan(time).IndexOfAny('+', '-') > 0);
    }

    public static bool IsObservationTime(DateTimeOffset time, DateTimeOffset now) => time >= Epoch && time <= now + ObservationSkew;

    public static bool IsLedgerTime(DateTimeOffset time, DateTimeOffset now) => time >= Epoch && time <= now + Horizon;

    public static bool IsQuantity(decimal quantity) => quantity is >= 0 and <= MaxQuantity && quantity.Scale <= MaxScale;

    public static bool IsStorageSize(decimal size) => size is >= 0 and <= MaxStorageSize;

    public static bool IsMoney(decimal amount) => amount is >= 0 and <= MaxMoney && amount.Scale <= MaxScale;

    public static int MaxLength(IdKind kind) => kind switch
    {
        IdKind.Period => 64,
        IdKind.Volume => 128,
        IdKind.Asset or IdKind.Drift => 300,
        _ => 200,
    };

    /// <summary>
    /// Printable ASCII of a small alphabet, starting with a letter or digit: real ids look like <c>cw:19300:802:40103</c>,
    /// <c>run-1/4711</c> or <c>01a2…/org:4100</c>. No <c>..</c> or <c>//</c>, so an id never walks a path.
    /// </summary>
    public static bool IsIdentifier(string? id, IdKind kind) =>
        id is { Length: > 0 }
        && id.Length <= MaxLength(kind)
        && StartsWell(id, kind)
        && !id.AsSpan().ContainsAnyExcept(kind == IdKind.PsaLine ? PsaLineChars : IdChars)
        && !id.Contains("..", StringComparison.Ordinal)
        && !id.Contains("//", StringComparison.Ordinal);

    // HaloPSA numbers recurring invoices below zero (-94), so a reference of another system may be a negative number.
    private static bool StartsWell(string id, IdKind kind) =>
        char.IsAsciiLetterOrDigit(id[0])
        || (kind == IdKind.Reference && id[0] == '-' && id.Length > 1 && id.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0);

    public static string IdentifierGrammar(IdKind kind) => kind switch
    {
        IdKind.PsaLine => $"A PSA line reference is at most {MaxLength(kind)} letters, digits and . _ : - starting with a letter or digit, e.g. cw:19300:802:40103.",
        IdKind.Reference => $"An id is at most {MaxLength(kind)} letters, digits and . _ : @ + = / - starting with a letter or digit, without '..' or '//', or a negative number such as -94.",
        _ => $"An id is at most {MaxLength(kind)} letters, digits and . _ : @ + = / - starting with a letter or digit, without '..' or '//'.",
    };

    /// <summary>
    /// Text a person reads back later: control characters and bidirectional overrides could make it display as
    /// something other than what is stored, so they are refused; tab and line breaks only where text has lines.
    /// </summary>
    public static bool IsFreeText(string text, int maxLength, bool multiline = false) =>
        text.Length <= maxLength
        && !ContainsLoneSurrogate(text)
        && !text.Any(c => (char.IsControl(c) && !(multiline && c is '\t' or '\n' or '\r')) || IsBidiControl(c));

    private static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C';

    private static bool ContainsLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
