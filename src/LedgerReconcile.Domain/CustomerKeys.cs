using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LedgerReconcile.Domain;

/// <summary>
/// How a Datto organization becomes a customer key. Keyed on the organization id; only payloads too old to carry one
/// fall back to the client company name, normalised so that case and punctuation changes do not split a customer.
/// </summary>
public static partial class CustomerKeys
{
    public static string ForOrganization(long organizationId) =>
        organizationId > 0
            ? "org-" + organizationId.ToString(CultureInfo.InvariantCulture)
            : throw new ArgumentOutOfRangeException(nameof(organizationId), organizationId, "Organization ids are positive.");

    public static string ForClientCompanyName(string clientCompanyName)
    {
        var normalised = NormaliseName(clientCompanyName);
        return normalised.Length > 0
            ? "name-" + normalised
            : throw new ArgumentException("A client company name needs at least one letter or digit.", nameof(clientCompanyName));
    }

    /// <summary>The organization id wins whenever the payload has one.</summary>
    public static string For(long? organizationId, string? clientCompanyName) =>
        organizationId is { } id ? ForOrganization(id) : ForClientCompanyName(clientCompanyName ?? "");

    public static bool IsValid(string? customerKey) => customerKey is not null && KeyPattern().IsMatch(customerKey);

    public static string NormaliseName(string name)
    {
        var builder = new StringBuilder(name.Length);
        var pendingDash = false;
        foreach (var character in name.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(character))
            {
                if (pendingDash && builder.Length > 0)
                {
                    builder.Append('-');
                }

                builder.Append(character);
                pendingDash = false;
            }
            else
            {
                pendingDash = true;
            }
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"^(org-[1-9][0-9]{0,18}|name-[\p{L}\p{Nd}]+(-[\p{L}\p{Nd}]+)*)$")]
    private static partial Regex KeyPattern();
}
