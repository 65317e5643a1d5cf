using System.Globalization;
using LedgerReconcile.Domain;
using LedgerReconcile.Projections.Billing;

namespace LedgerReconcile.Host.Cli;

/// <summary><c>ledger history --tenant ID --customer KEY [--limit N]</c>: a customer's audit trail, oldest first.</summary>
public static class HistoryVerb
{
    public static async Task<int> RunAsync(CommandLineArguments arguments, CancellationToken ct)
    {
        var tenant = arguments.Required("tenant");
        var customer = arguments.Required("customer");
        var limit = arguments.IntOption("limit", 1000);
        if (!StreamNames.IsValidTenant(tenant) || !CustomerKeys.IsValid(customer))
        {
            throw new UsageException("--tenant is lowercase letters, digits and dashes; --customer is 'org-{id}' or 'name-{normalised-name}'.");
        }

        await using var ledger = LedgerServices.Open(arguments);
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
