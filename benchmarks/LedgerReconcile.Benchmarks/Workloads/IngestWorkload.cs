using LedgerReconcile.Application;
using System.Diagnostics;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Benchmarks.Harness;
using LedgerReconcile.Benchmarks.Shared;
using LedgerReconcile.EventStore;
using LedgerReconcile.EventStore.Postgres;
using LedgerReconcile.EventStore.Sqlite;
using LedgerReconcile.Projections.Billing;
using LedgerReconcile.Projections.Running;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LedgerReconcile.Benchmarks.Workloads;

// A simulated Datto partner (by default 2,000 organizations, 8,000 appliances, 60,000 protected assets) sent through
// IngestUsageSnapshot by a sync with 16 requests in flight, while the projection runner follows; timed
// until the billing read model has caught up with the last event.
internal static class IngestWorkload
{
    private const int InFlight = 16;
    private const int DevicesPerOrganization = 4;
    private const int AssetsPerOrganization = 30;

    public static async Task RunAsync(BenchmarkContext context)
    {
        var commands = Partner(context.Sizes.PartnerOrganizations);
        context.Add(new Measurement(WorkloadNames.Ingest, "dataset", "organizations", commands.Count, "organizations"));
        context.Add(new Measurement(WorkloadNames.Ingest, "dataset", "assets", commands.Sum(c => c.Assets.Count), "assets"));

        await using (var sqlite = await SqliteEventStore.OpenAsync(new SqliteStoreOptions(context.SqlitePath("ingest"))))
        {
            await RunOnAsync(context, Contenders.Sqlite, sqlite, commands);
        }

        await using (var postgres = await PostgresEventStore.OpenAsync(new PostgresStoreOptions(context.PostgresConnectionString) { Schema = "ledger_ingest" }))
        {
            await RunOnAsync(context, Contenders.Postgres, postgres, commands);
        }
    }

    private static async Task RunOnAsync(BenchmarkContext context, string contender, IEventStore store, IReadOnlyList<IngestUsageSnapshot> commands)
    {
        await using var services = LedgerServices.Build(store, TimeProvider.System, projections: true);
        var hosted = services.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        try
        {
            var clock = Stopwatch.StartNew();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, InFlight).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < commands.Count)
                {
                    await services.SendAsync(commands[i]);
                }
            })));
            var commandsDone = clock.Elapsed;

            var head = await store.ReadHeadPositionAsync();
            var status = services.GetRequiredService<ProjectionStatusReader>();
            if (!await status.WaitForPositionAsync(BillingProjection.ProjectionName, head, TimeSpan.FromMinutes(5)))
            {
                throw new TimeoutException($"The billing projection did not reach position {head} on {contender}.");
            }

            context.Add(new Measurement(WorkloadNames.Ingest, contender, "elapsed", clock.Elapsed.TotalSeconds, "s"));
            context.Add(new Measurement(WorkloadNames.Ingest, contender, "commands-elapsed", commandsDone.TotalSeconds, "s"));
            context.Add(new Measurement(WorkloadNames.Ingest, contender, "throughput", commands.Count / commandsDone.TotalSeconds, "commands/s"));
        }
        finally
        {
            foreach (var service in hosted)
            {
                await service.StopAsync(CancellationToken.None);
            }
        }
    }

    public static IReadOnlyList<IngestUsageSnapshot> Partner(int organizations)
    {
        var observedAt = new DateTimeOffset(2025, 10, 31, 22, 0, 0, TimeSpan.Zero);
        var commands = new List<IngestUsageSnapshot>(organizations);
        for (var o = 0; o < organizations; o++)
        {
            var organization = 500_000L + o;
            var devices = new List<SnapshotDevice>(DevicesPerOrganization);
            var assets = new List<SnapshotAsset>(AssetsPerOrganization);
            for (var d = 0; d < DevicesPerOrganization; d++)
            {
                var serial = $"P{organization:D8}{d:D2}";
                devices.Add(new SnapshotDevice(serial, $"siris-{organization}-{d}", "S5-4", d == 3, new DateOnly(2027, 1, 1), false, new SnapshotStorage(1.25m + d, "TB")));
            }

            for (var a = 0; a < AssetsPerOrganization; a++)
            {
                var share = a >= AssetsPerOrganization - 2;
                assets.Add(new SnapshotAsset(
                    devices[a % DevicesPerOrganization].SerialNumber,
                    $"{organization:x8}{a:x8}0000000000000000",
                    share ? $"share-{a}" : $"server-{a}",
                    share ? "share" : "agent",
                    a % 11 == 5,
                    a % 13 == 7,
                    share ? null : "Windows Server 2022",
                    observedAt.AddHours(-1)));
            }

            commands.Add(new IngestUsageSnapshot(
                new CommandContext(LedgerDataset.Tenant, LedgerDataset.Actor, "partner-run", Guid.CreateVersion7()),
                $"partner-run/{organization}",
                "partner-run",
                observedAt,
                organization,
                $"Organization {organization}",
                $"Organization {organization}",
                devices,
                assets,
                [],
                [],
                []));
        }

        return commands;
    }
}
