using System.Text.RegularExpressions;

namespace LedgerReconcile.Domain;

/// <summary>
/// The only place that builds stream names. Every name starts with its tenant so that no read, subscription filter or
/// projection can reach another MSP's events by accident.
/// </summary>
public static partial class StreamNames
{
    public const string CustomerCategory = "customer";
    public const string TenantCategory = "tenant";
    public const string SyncRunCategory = "syncruns";
    public const string ApiKeyCategory = "apikey";
    public const string CredentialsCategory = "credentials";
    public const string WebhooksCategory = "webhooks";
    public const string AlertCategory = "alert";

    /// <summary>The prefix shared by all API key streams, of every tenant.</summary>
    public const string ApiKeyPrefix = ApiKeyCategory + "-";

    /// <summary>One customer (a Datto organization) of one tenant: <c>customer-{tenant}.{customerKey}</c>.</summary>
    public static string Customer(string tenant, string customerKey)
    {
        EnsureTenant(tenant);
        if (!CustomerKeys.IsValid(customerKey))
        {
            throw new ArgumentException($"'{customerKey}' is not a customer key.", nameof(customerKey));
        }

        return $"{CustomerCategory}-{tenant}.{customerKey}";
    }

    /// <summary>A tenant's settings and policies: <c>tenant-{tenant}</c>.</summary>
    public static string Tenant(string tenant)
    {
        EnsureTenant(tenant);
        return $"{TenantCategory}-{tenant}";
    }

    /// <summary>A tenant's log of sync runs (which pull ran, why, and what it produced): <c>syncruns-{tenant}</c>.</summary>
    public static string SyncRuns(string tenant)
    {
        EnsureTenant(tenant);
        return $"{SyncRunCategory}-{tenant}";
    }

    /// <summary>
    /// One API key: <c>apikey-{keyId}</c>. The one stream name without its tenant, because whoever presents a key does
    /// not say whose it is; the stream belongs to the tenant its events carry.
    /// </summary>
    public static string ApiKey(string keyId)
    {
        if (!IsValidApiKeyId(keyId))
        {
            throw new ArgumentException($"'{keyId}' is not an API key id (lowercase hex digits).", nameof(keyId));
        }

        return $"{ApiKeyPrefix}{keyId}";
    }

    /// <summary>That integration credentials of a tenant changed (never the values): <c>credentials-{tenant}</c>.</summary>
    public static string Credentials(string tenant)
    {
        EnsureTenant(tenant);
        return $"{CredentialsCategory}-{tenant}";
    }

    /// <summary>A tenant's webhooks (where alerts go, never their secrets): <c>webhooks-{tenant}</c>.</summary>
    public static string Webhooks(string tenant)
    {
        EnsureTenant(tenant);
        return $"{WebhooksCategory}-{tenant}";
    }

    /// <summary>One alert of one tenant and its deliveries: <c>alert-{tenant}.{alertId}</c>.</summary>
    public static string Alert(string tenant, string alertId)
    {
        EnsureTenant(tenant);
        if (!IsValidAlertId(alertId))
        {
            throw new ArgumentException($"'{alertId}' is not an alert id (32 lowercase hex digits).", nameof(alertId));
        }

        return $"{AlertCategory}-{tenant}.{alertId}";
    }

    public static bool IsValidAlertId(string? alertId) => alertId is { Length: 32 } && alertId.All(char.IsAsciiHexDigitLower);

    public static bool IsValidApiKeyId(string? keyId) => keyId is { Length: > 0 and <= 64 } && keyId.All(char.IsAsciiHexDigitLower);

    /// <summary>The prefix shared by all customer streams of one tenant, for subscription filters.</summary>
    public static string CustomerPrefix(string tenant)
    {
        EnsureTenant(tenant);
        return $"{CustomerCategory}-{tenant}.";
    }

    /// <summary>Reads tenant and customer key back out of a customer stream name.</summary>
    public static bool TryParseCustomer(string stream, out string tenant, out string customerKey)
    {
        tenant = customerKey = "";
        var match = CustomerStreamPattern().Match(stream);
        if (!match.Success || !CustomerKeys.IsValid(match.Groups["key"].Value))
        {
            return false;
        }

        tenant = match.Groups["tenant"].Value;
        customerKey = match.Groups["key"].Value;
        return true;
    }

    /// <summary>A tenant id is lowercase letters, digits and dashes: it must never contain the '.' that ends it.</summary>
    public static bool IsValidTenant(string? tenant) => tenant is not null && TenantPattern().IsMatch(tenant);

    private static void EnsureTenant(string tenant)
    {
        if (!IsValidTenant(tenant))
        {
            throw new ArgumentException($"'{tenant}' is not a tenant id (lowercase letters, digits, dashes).", nameof(tenant));
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex TenantPattern();

    [GeneratedRegex(@"^customer-(?<tenant>[a-z0-9][a-z0-9-]{0,62})\.(?<key>.+)$")]
    private static partial Regex CustomerStreamPattern();
}
