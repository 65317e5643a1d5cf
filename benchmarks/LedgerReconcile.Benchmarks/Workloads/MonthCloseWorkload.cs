using System.Diagnostics;
using System.Globalization;
using LedgerReconcile.Application;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Periods;
using LedgerReconcile.Benchmarks.Harness;
using LedgerReconcile.Benchmarks.Shared;
using LedgerReconcile.Domain;
using LedgerReconcile.EventStore;
using LedgerReconcile.EventStore.Postgres;
using LedgerReconcile.EventStore.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerReconcile.Benchmarks.Workloads;

// The month-end close of a whole book (full: 2,000 customers with 4 mapped lines each, last month's usage, PSA quantities
// read) through the CloseMonth command: the blockers check, every customer's freeze, the tenant's close. Goal: 10 s.
internal static class MonthCloseWorkload
{
    private const int SeedInFlight = 16;
    private static readonly string[] Services = ["PerAgent", "PerDevice", "OffsiteStorage", "EndpointBackup"];
    private static readonly UnitRuleInput Terabytes = new("Terabyte", 1000, "Up", 1m, 0m, 0m);

    public static async Task RunAsync(BenchmarkContext context)
    {
        var customers = context.Sizes.PsaCompanies;
        context.Add(new Measurement(WorkloadNames.MonthClose, "dataset", "customers", customers, "customers"));
        context.Add(new Measurement(WorkloadNames.MonthClose, "dataset", "lines", customers * Services.Length, "lines"));
        await using (var sqlite = await SqliteEventStore.OpenAsync(new SqliteStoreOptions(context.SqlitePath("month-close"))))
        {
            await RunOnAsync(context, Contenders.Sqlite, sqlite, customers);
        }

        await using (var postgres = await PostgresEventStore.OpenAsync(new PostgresStoreOptions(context.PostgresConnectionString) { Schema = "ledger_close" }))
        {
            await RunOnAsync(context, Contenders.Postgres, postgres, customers);
        }
    }

    private static async Task RunOnAsync(BenchmarkContext context, string contender, IEventStore store, int customers)
    {
        await using var services = LedgerServices.Build(store, TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        var monthStart = new DateOnly(now.Year, now.Month, 1).AddMonths(-1);
        await SeedAsync(services, customers, new DateTimeOffset(monthStart.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));

        var before = await store.ReadHeadPositionAsync();
        var clock = Stopwatch.StartNew();
        var close = await services.SendAsync(new CloseMonth(Context(), monthStart.ToString("yyyy-MM", CultureInfo.InvariantCulture), null, null));
        var elapsed = clock.Elapsed;
        if (!close.Closed || close.CustomersFrozen != customers)
        {
            throw new InvalidOperationException($"The close did not freeze every customer: closed {close.Closed}, {close.CustomersFrozen} frozen, blockers: "
                + string.Join("; ", close.Blockers.Take(3).Select(b => $"{b.Kind} {b.CustomerKey} {b.Detail}")));
        }

        context.Add(new Measurement(WorkloadNames.MonthClose, contender, "elapsed", elapsed.TotalSeconds, "s"));
        context.Add(new Measurement(WorkloadNames.MonthClose, contender, "customers/s", customers / elapsed.TotalSeconds, "customers/s"));
        context.Add(new Measurement(WorkloadNames.MonthClose, contender, "events", await store.ReadHeadPositionAsync() - before, "events"));
    }

    // Customer i has 10 agents, one appliance with 1 TB offsite and one endpoint agent, seen on the 10th of last month;
    // its account and four services are mapped from the 1st of that month, and the PSA bills what Datto counts.
    private static async Task SeedAsync(IServiceProvider services, int customers, DateTimeOffset monthStart)
    {
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, SeedInFlight).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) <= customers)
            {
                var organization = 800_000L + i;
                var customer = CustomerKeys.ForOrganization(organization);
                await services.SendAsync(new IngestUsageSnapshot(
                    Context(), $"close-bench/{organization}", "close-bench", monthStart.AddDays(9), organization, $"Customer {i:0000}", null,
                    [new SnapshotDevice($"CB{organization}", $"siris-{organization}", "S5-4", false, null, false, new SnapshotStorage(1, "TB"))],
                    [.. Enumerable.Range(1, 10).Select(a => new SnapshotAsset($"CB{organization}", $"vol-{a}", $"pc-{a}", "Agent", false, false, "Windows 11", null))],
                    [new SnapshotEndpointAgent($"ep-{organization}", $"laptop-{organization}", "windows", "endpointBackup")],
                    null,
                    null));
                await services.SendAsync(new MapAccount(Context(), customer, organization, $"Customer {i:0000}", "ConnectWise", $"{200_000 + i}", $"Customer {i:0000}", $"{600_000 + i}", monthStart));
                for (var l = 0; l < Services.Length; l++)
                {
                    var line = $"cw:{200_000 + i}:{600_000 + i}:{2_000_000 + (i * Services.Length) + l}";
                    await services.SendAsync(new MapService(Context(), customer, Services[l], null, line, Services[l] == "OffsiteStorage" ? Terabytes : UnitRuleInput.Each, new PriceInput(10m, "USD"), monthStart));
                    await services.SendAsync(new ObservePsaQuantity(Context(), customer, line, 1m, monthStart.AddDays(9)));
                }
            }
        })));
    }

    private static CommandContext Context() => new(LedgerDataset.Tenant, LedgerDataset.Actor, "close-bench", Guid.CreateVersion7());
}
