using System.CommandLine;
using LedgerReconcile.Domain;

namespace LedgerReconcile.Host.Cli;

/// <summary>Options several verbs share, validated while parsing so that a wrong value opens no store.</summary>
public static class VerbOptions
{
    public static Option<string> Tenant(Command command, string verb, bool required)
    {
        var tenant = new Option<string>("--tenant") { Description = "The tenant id (lowercase letters, digits and dashes).", HelpName = "ID" };
        tenant.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!StreamNames.IsValidTenant(value))
            {
                result.AddError($"'{value}' is not a tenant id (lowercase letters, digits and dashes).");
            }
        });
        command.Options.Add(tenant);
        if (required)
        {
            Require(command, verb, tenant);
        }

        return tenant;
    }

    /// <summary>A required option, said in the verb's words (the library's own message does not name the verb).</summary>
    public static void Require(Command command, string verb, Option option)
    {
        option.Description += " Required.";
        command.Validators.Add(result =>
        {
            if (result.GetResult(option) is null)
            {
                result.AddError($"{option.Name} is required for '{verb}'.");
            }
        });
    }
}
