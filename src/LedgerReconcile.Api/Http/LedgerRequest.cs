using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LedgerReconcile.Api.Http;

/// <summary>
/// Reads the envelope of a write from the request: the tenant and actor from the API key, the correlation id, the
/// command id (from <c>Idempotency-Key</c> when sent, so a retried request is a no-op) and <c>If-Match</c>.
/// </summary>
public static class LedgerRequest
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

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
            : throw new BadHttpRequestException("If-Match must be one ETag returned by a GET of this resource, e.g. \"5\".", StatusCodes.Status400BadRequest);
    }

    private static Guid CommandIdOf(HttpContext context, string tenant)
    {
        var key = context.Request.Headers[IdempotencyKeyHeader].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(key))
        {
            return Guid.CreateVersion7();
        }

        if (key.Length > 200)
        {
            throw new BadHttpRequestException("Idempotency-Key is at most 200 characters.", StatusCodes.Status400BadRequest);
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
