using LedgerReconcile.Api.Security;

namespace LedgerReconcile.Host.Cli;

/// <summary><c>ledger keys create|revoke|list</c>: the operator's way to the first key of a tenant, and to revoke any.</summary>
public static class KeysVerb
{
    public static async Task<int> RunAsync(CommandLineArguments arguments, CancellationToken ct)
    {
        var action = arguments.Positional.Count > 0 ? arguments.Positional[0] : throw new UsageException("Say what to do: ledger keys create|revoke|list.");
        var operatorName = $"cli:{Environment.UserName}";
        switch (action)
        {
            case "create":
            {
                var tenant = Tenant(arguments.Required("tenant"));
                var role = arguments.Required("role");
                if (!Roles.IsKnown(role))
                {
                    throw new UsageException($"--role is one of {string.Join(", ", Roles.All)}, not '{role}'.");
                }

                var label = arguments.Option("label") ?? $"{role} key";
                await using var ledger = LedgerServices.Open(arguments);
                var key = await ledger.Get<ApiKeyRegistry>().IssueAsync(tenant, role, label, operatorName, ct);
                Console.Error.WriteLine($"Issued {role} key {key.KeyId} for tenant '{tenant}'. It is shown once; the ledger keeps only its hash.");
                Console.WriteLine(key.Plaintext);
                return 0;
            }

            case "revoke":
            {
                var tenant = Tenant(arguments.Required("tenant"));
                var keyId = arguments.Required("key");
                await using var ledger = LedgerServices.Open(arguments);
                if (!await ledger.Get<ApiKeyRegistry>().RevokeAsync(tenant, keyId, operatorName, ct))
                {
                    throw new LedgerFailure($"tenant '{tenant}' has no API key '{keyId}'.");
                }

                Console.WriteLine($"Revoked key {keyId} of tenant '{tenant}'.");
                return 0;
            }

            case "list":
            {
                var tenant = arguments.Option("tenant") is { } t ? Tenant(t) : null;
                await using var ledger = LedgerServices.Open(arguments);
                var keys = await ledger.Get<ApiKeyRegistry>().ListAsync(tenant, ct);
                Console.WriteLine($"{"KEY ID",-16}  {"TENANT",-20}  {"ROLE",-8}  {"STATUS",-8}  {"ISSUED",-20}  LABEL");
                foreach (var key in keys)
                {
                    Console.WriteLine($"{key.KeyId,-16}  {key.Tenant,-20}  {key.Role,-8}  {(key.Revoked ? "revoked" : "active"),-8}  {key.IssuedAt.UtcDateTime,-20:yyyy-MM-dd HH:mm:ss}  {key.Label} (by {key.IssuedBy})");
                }

                return 0;
            }

            default:
                throw new UsageException($"Unknown keys action '{action}'; use create, revoke or list.");
        }
    }

    private static string Tenant(string tenant) =>
        Domain.StreamNames.IsValidTenant(tenant) ? tenant : throw new UsageException($"'{tenant}' is not a tenant id (lowercase letters, digits and dashes).");
}
