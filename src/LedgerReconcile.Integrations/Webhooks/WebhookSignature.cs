using System.Security.Cryptography;
using System.Text;

namespace LedgerReconcile.Integrations.Webhooks;

/// <summary>
/// How a delivery is signed, exactly as documented for receivers (docs/webhooks.md): HMAC-SHA256 keyed with the UTF-8
/// bytes of the whole secret, over the timestamp header's text, a dot, and the raw body; lowercase hex, prefixed <c>v1=</c>.
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "LedgerReconcile-Webhook-Id";
    public const string TimestampHeader = "LedgerReconcile-Webhook-Timestamp";
    public const string SignatureHeader = "LedgerReconcile-Webhook-Signature";
    public const string AttemptHeader = "LedgerReconcile-Webhook-Attempt";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
