using System.CommandLine;
using System.Globalization;
using LedgerReconcile.Domain;
using LedgerReconcile.Projections.Billing;

namespace LedgerReconcile.Host.Cli;

/// <summary><c>ledger history --tenant ID --customer KEY [--limit N]</c>: a customer's audit trail, oldest first.</summary>
public static class HistoryVerb
{
    public static Command Create()
    {
        var customer = new Option<string>("--customer") { Description = "The customer key: 'org-{id}' or 'name-{normalised-name}'.", HelpName = "KEY" };
        customer.Validators.Add(result =>
        {
            if (!CustomerKeys.IsValid(result.GetValueOrDefault<string>()))
            {
                result.AddError("--customer is 'org-{id}' or 'name-{normalised-name}'.");
            }
        });
        var limit = new Option<int>("--limit")
        {
            Description = "At most this many events.",
            HelpName = "N",
            DefaultValueFactory = _ => 1000,
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }

                result.AddError($"--limit must be a whole number, not '{text}'.");
                return 0;
            },
        };
        var command = new Command("history", "Print a customer's audit trail, oldest first.") { customer, limit };
        var tenant = VerbOptions.Tenant(command, "history", required: true);
        VerbOptions.Require(command, "history", customer);
        var store = StoreOptions.AddTo(command);
        command.SetAction((parsed, ct) =>
            RunAsync(parsed.GetRequiredValue(tenant), parsed.GetRequiredValue(customer), parsed.GetValue(limit), store.Configuration(parsed), ct));
        return command;
    }

    private static async Task<int> RunAsync(string tenant, string customer, int limit, IReadOnlyDictionary<string, string?> store, CancellationToken ct)
    {
        await using var ledger = LedgerServices.Open(store, mustExist: true);
        if (await ledger.Store.ReadStreamRevisionAsync(StreamNames.Customer(tenant, customer), ct) is null)
        {
            throw new LedgerFailure($"tenant '{tenant}' has no customer '{customer}'.");
        }

        await ledger.CatchUpReadModelsAsync(TimeSpan.FromMinutes(5), ct);
        var entries = await ledger.Get<BillingQueries>().GetAuditHistoryAsync(tenant, customer, 0, limit, ct);
        Console.WriteLine($"Audit history of {customer} (tenant {tenant}): {entries.Count} event(s). Times in UTC; valid = when it was true, recorded = when the ledger learned it.");
        foreach (var e in entries)
        {
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"#{e.Position,-6} recorded {e.RecordedAt.UtcDateTime:yyyy-MM-dd HH:mm}  valid {e.ValidAt.UtcDateTime:yyyy-MM-dd HH:mm}  {e.EventType}  by {e.Who}"));
            Console.WriteLine($"        {e.What}");
            if (!string.IsNullOrWhiteSpace(e.Why))
            {
                Console.WriteLine($"        why: {e.Why}");
            }

            foreach (var change in e.Changes)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"        {change.Service}: {change.Before} -> {change.After}"));
            }
        }

        return 0;
    }
}
