using System.Net;
using System.Net.Sockets;

namespace LedgerReconcile.Application.Webhooks;

/// <summary>
/// Which webhook URLs the ledger may call. A URL the tenant types makes our server send requests, so by default it may
/// only reach the public internet: not this machine, not the networks behind it, not cloud metadata services
/// (server-side request forgery). A tenant admin can allow a private address on purpose (a receiver inside their network).
/// </summary>
public static class WebhookAddress
{
    public const int MaxUrlLength = 2000;

    /// <summary>What is wrong with the URL's form, or null; says nothing yet about where its host resolves.</summary>
    public static string? ShapeProblem(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return $"A webhook URL is an absolute http or https URL of at most {MaxUrlLength} characters.";
        }

        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            return "A webhook URL uses http or https.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "A webhook URL carries no user name or password; authenticate the sender with the signature instead.";
        }

        return uri.Fragment.Length > 0 ? "A webhook URL has no fragment (#...)." : null;
    }

    /// <summary>What is wrong with the host itself as written (a name for this machine, a private address literal), or null.</summary>
    public static string? HostProblem(Uri uri)
    {
        var host = uri.IdnHost.TrimEnd('.');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return PrivateProblem(host);
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var literal) && !IsPublic(literal) ? PrivateProblem(host) : null;
    }

    public static string PrivateProblem(string host) =>
        $"'{host}' is a loopback, private, link-local or otherwise non-public address; a tenant admin must allow private addresses for this webhook.";

    /// <summary>True for addresses on the public internet; false for every range a request must not reach by default.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 // "this network", 0.0.0.0
                || b[0] == 10
                || b[0] == 127
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) // CGNAT
                || (b[0] == 169 && b[1] == 254) // link-local, cloud metadata
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0) // IETF protocol assignments
                || (b[0] == 198 && (b[1] == 18 || b[1] == 19)) // benchmarking
                || b[0] >= 224); // multicast, reserved, broadcast
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal
            || address.IsIPv6Multicast || (bytes[0] & 0xFE) == 0xFC) // fc00::/7 unique local
        {
            return false;
        }

        // IPv4 embedded in IPv6 (compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) is judged by its IPv4 address.
        if (bytes.Take(12).All(b => b == 0))
        {
            return IsPublic(new IPAddress(bytes[12..16]));
        }

        if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xFF && bytes[3] == 0x9B)
        {
            return IsPublic(new IPAddress(bytes[12..16]));
        }

        return bytes[0] == 0x20 && bytes[1] == 0x02 ? IsPublic(new IPAddress(bytes[2..6])) : true;
    }
}
