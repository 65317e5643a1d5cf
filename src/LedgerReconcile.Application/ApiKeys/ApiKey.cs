using System.Security.Cryptography;
using System.Text;

namespace LedgerReconcile.Application.ApiKeys;

/// <summary>
/// An API key is shown once as <c>lr_{keyId}_{secret}</c>. Only the key id and the SHA-256 of the whole key are kept:
/// the secret has 256 bits of entropy, so a plain hash is enough (no password stretching needed).
/// </summary>
public sealed record ApiKey(string KeyId, string Secret)
{
    private const string Prefix = "lr_";

    public string Plaintext => $"{Prefix}{KeyId}_{Secret}";

    public static ApiKey Generate() => Generate(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));

    public static ApiKey Generate(string keyId) => new(keyId, Base64Url(RandomNumberGenerator.GetBytes(32)));

    /// <summary>The key id a retryable request issues: the same request id always names the same key.</summary>
    public static string IdFor(Guid commandId) => Convert.ToHexStringLower(SHA256.HashData(commandId.ToByteArray(bigEndian: true))[..8]);

    public static bool TryParse(string? presented, out ApiKey key)
    {
        key = default!;
        if (presented is null || !presented.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = presented[Prefix.Length..];
        var separator = rest.IndexOf('_', StringComparison.Ordinal);
        if (separator <= 0 || separator == rest.Length - 1)
        {
            return false;
        }

        key = new ApiKey(rest[..separator], rest[(separator + 1)..]);
        return true;
    }

    public byte[] Hash() => SHA256.HashData(Encoding.UTF8.GetBytes(Plaintext));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
