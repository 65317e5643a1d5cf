using System.CommandLine;
using System.Globalization;
using LedgerReconcile.Api.Security;
using LedgerReconcile.Application.ApiKeys;
using LedgerReconcile.Domain.ApiKeys;

namespace LedgerReconcile.Host.Cli;

/// <summary><c>ledger keys create|revoke|list</c>: the operator's way to the first key of a tenant, and to revoke any.</summary>
public static class KeysVerb
{
    private static string Operator => $"cli:{Environment.UserName}";

    public static Command Create() =>
        new("keys", "Issue, revoke and list API keys (a key is shown once; the ledger keeps only its hash).")
        {
            CreateKey(),
            RevokeKey(),
            ListKeys(),
        };

    private static Command CreateKey()
    {
        var role = new Option<string>("--role") { Description = "What the key may do.", HelpName = string.Join('|', Roles.All) };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var label = new Option<string>("--label") { Description = "A note for whoever lists the keys (default: '{role} key').", HelpName = "TEXT" };
        var command = new Command("create", "Issue an API key for a tenant and print it once.") { role, label };
        var tenant = VerbOptions.Tenant(command, "keys create", required: true);
        VerbOptions.Require(command, "keys create", role);
        var store = StoreOptions.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            var (forTenant, withRole) = (parsed.GetRequiredValue(tenant), parsed.GetRequiredValue(role));
            await using var ledger = LedgerServices.Open(store.Configuration(parsed));
            var key = await ledger.Get<ApiKeyRegistry>().IssueAsync(forTenant, withRole, parsed.GetValue(label) ?? $"{withRole} key", Operator, ct);
            Console.Error.WriteLine($"Issued {withRole} key {key.KeyId} for tenant '{forTenant}'. It is shown once; the ledger keeps only its hash.");
            Console.WriteLine(key.Plaintext);
            return 0;
        });
        return command;
    }

    private static Command RevokeKey()
    {
        var keyId = new Option<string>("--key") { Description = "The key id (as 'keys list' shows it).", HelpName = "KEY_ID" };
        var command = new Command("revoke", "Revoke an API key of a tenant.") { keyId };
        var tenant = VerbOptions.Tenant(command, "keys revoke", required: true);
        VerbOptions.Require(command, "keys revoke", keyId);
        var store = StoreOptions.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            var (ofTenant, key) = (parsed.GetRequiredValue(tenant), parsed.GetRequiredValue(keyId));
            await using var ledger = LedgerServices.Open(store.Configuration(parsed), mustExist: true);
            if (!await ledger.Get<ApiKeyRegistry>().RevokeAsync(ofTenant, key, Operator, ct))
            {
                throw new LedgerFailure($"tenant '{ofTenant}' has no API key '{key}'.");
            }

            Console.WriteLine($"Revoked key {key} of tenant '{ofTenant}'.");
            return 0;
        });
        return command;
    }

    private static Command ListKeys()
    {
        var command = new Command("list", "List the API keys, of one tenant or of all.");
        var tenant = VerbOptions.Tenant(command, "keys list", required: false);
        var store = StoreOptions.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            await using var ledger = LedgerServices.Open(store.Configuration(parsed), mustExist: true);
            var keys = await ledger.Get<ApiKeyRegistry>().ListAsync(parsed.GetValue(tenant), ct);
            var table = Terminal.Table("KEY ID", "TENANT", "ROLE", "STATUS", "ISSUED (UTC)", "LABEL");
            foreach (var key in keys)
            {
                table.Row(
                    key.KeyId,
                    key.Tenant,
                    key.Role,
                    key.Revoked ? "revoked" : "active",
                    key.IssuedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    $"{key.Label} (by {key.IssuedBy})");
            }

            Terminal.Out.Write(table);
            return 0;
        });
        return command;
    }
}
