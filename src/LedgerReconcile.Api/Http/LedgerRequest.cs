using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FluentValidation;
using FluentValidation.Results;

namespace LedgerReconcile.Api.Http;

/// <summary>
/// Reads the envelope of a write from the request: the tenant and actor from the API key, the correlation id, the
/// command id (from <c>Idempotency-Key</c> when sent, so a retried request is a no-op) and <c>If-Match</c>.
/// </summary>
public static class LedgerRequest
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string IfMatchHeader = "If-Match";
    private const int MaxIdempotencyKeyLength = 200;

    public static CommandContext CommandContext(this HttpContext context)
    {
        var tenant = context.User.Tenant();
        return new CommandContext(
            tenant,
            context.User.Actor(),
            CorrelationId.Of(context),
            CommandIdOf(context, tenant),
            ExpectedRevisionOf(context));
    }

    /// <summary>
    /// The envelope of a request the ledger carries out as a system command (proposing, ingesting a snapshot, recording
    /// a credentials change): it is decided on fresh state, so an <c>If-Match</c> sent along is not a precondition.
    /// </summary>
    public static CommandContext SystemCommandContext(this HttpContext context) => context.CommandContext() with { ExpectedRevision = null };

    /// <summary>The revision named by <c>If-Match</c>, or null when the caller did not send one (or sent <c>*</c>).</summary>
    public static long? ExpectedRevisionOf(HttpContext context)
    {
        var values = context.Request.Headers.IfMatch;
        if (values.Count == 0)
        {
            return null;
        }

        var text = values.ToString().Trim();
        if (text == "*")
        {
            return null;
        }

        if (text.StartsWith("W/", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        text = text.Trim('"');
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? revision
            : throw HeaderProblem(IfMatchHeader, "If-Match must be one ETag returned by a GET of this resource, e.g. \"5\".");
    }

    /// <summary>
    /// An Idempotency-Key is 1 to 200 visible ASCII characters. An empty key is refused rather than read as "no key":
    /// the caller believes a retry is safe, and it would not be.
    /// </summary>
    public static bool IsIdempotencyKey(string key) =>
        key.Length is > 0 and <= MaxIdempotencyKeyLength && key.All(c => c is > ' ' and <= '~');

    private static ValidationException HeaderProblem(string header, string message) =>
        new([new ValidationFailure(header, message)]);

    private static Guid CommandIdOf(HttpContext context, string tenant)
    {
        var values = context.Request.Headers[IdempotencyKeyHeader];
        if (values.Count == 0)
        {
            return Guid.CreateVersion7();
        }

        var key = values.ToString();
        if (values.Count > 1 || !IsIdempotencyKey(key))
        {
            throw HeaderProblem(IdempotencyKeyHeader, $"Idempotency-Key is one value of 1 to {MaxIdempotencyKeyLength} visible ASCII characters (letters, digits, punctuation), e.g. a UUID.");
        }

        // The same key from the same tenant always names the same command, whose events then have the same ids.
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}\n{key}"), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}

/// <summary>Stream revisions as HTTP entity tags.</summary>
public static class ETags
{
    public static string Format(long revision) => $"\"{revision.ToString(CultureInfo.InvariantCulture)}\"";

    public static void Set(HttpContext context, long? revision)
    {
        if (revision is { } r)
        {
            context.Response.Headers.ETag = Format(r);
        }
    }
}
