using System.Diagnostics;
using LedgerReconcile.Application;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Proposals;
using LedgerReconcile.Application.Sync;
using LedgerReconcile.Benchmarks.Harness;
using LedgerReconcile.Benchmarks.Shared;
using LedgerReconcile.Domain;
using LedgerReconcile.EventStore;
using LedgerReconcile.EventStore.Sqlite;
using LedgerReconcile.Integrations;
using LedgerReconcile.Integrations.PsaRead;
using LedgerReconcile.Psa;
using LedgerReconcile.Simulators.Psa.ConnectWise;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerReconcile.Benchmarks.Workloads;

// A tenant of N mapped customers (full: 2,000 companies, 6,000 mapped lines) read from the ConnectWise simulator with its
// limits off, over real HTTP, then the proposals pass that follows every PSA read. SQLite only: the PSA read is HTTP-
// and command-bound, and the store comparison is what the append and ingest workloads are for.
internal static class PsaReadWorkload
{
    private const int LinesPerCompany = 3;
    private const int SeedInFlight = 16;
    private static readonly string[] Services = ["PerAgent", "PerDevice", "NasShares"];

    public static async Task RunAsync(BenchmarkContext context)
    {
        var companies = context.Sizes.PsaCompanies;
        var simulatorOptions = new ConnectWiseSimulatorOptions { Seed = ConnectWiseSeed.Many(companies, LinesPerCompany) };
        await using var psa = await ConnectWiseSimulator.StartAsync(simulatorOptions);
        psa.RateLimit = null;
        await using var store = await SqliteEventStore.OpenAsync(new SqliteStoreOptions(context.SqlitePath("psa-read")));
        await using var services = Build(store, psa, simulatorOptions);

        await SeedMappedCustomersAsync(services, companies);
        context.Add(new Measurement(WorkloadNames.PsaRead, "dataset", "companies", companies, "companies"));
        context.Add(new Measurement(WorkloadNames.PsaRead, "dataset", "lines", companies * LinesPerCompany, "lines"));

        var before = await store.ReadHeadPositionAsync();
        var clock = Stopwatch.StartNew();
        var read = await services.GetRequiredService<PsaReadSync>().SyncAsync(LedgerDataset.Tenant, "benchmark", LedgerDataset.Actor);
        var elapsed = clock.Elapsed;
        var run = read.Runs.Single();
        if (run.Outcome != PsaReadOutcome.Completed || run.Counts.Lines != companies * LinesPerCompany)
        {
            throw new InvalidOperationException($"The PSA read did not read every line: {run.Outcome} {run.Counts} {run.FailureReason}");
        }

        var recorded = (await services.SendAsync(new GetSyncRuns(LedgerDataset.Tenant))).State.Runs[run.RunId];
        var readSeconds = (recorded.CompletedAt!.Value - recorded.StartedAt).TotalSeconds;
        var proposals = await services.SendAsync(new ListProposals(LedgerDataset.Tenant, new ProposalFilter()));
        context.Add(new Measurement(WorkloadNames.PsaRead, Contenders.Sqlite, "elapsed", elapsed.TotalSeconds, "s"));
        context.Add(new Measurement(WorkloadNames.PsaRead, Contenders.Sqlite, "read-elapsed", readSeconds, "s"));
        context.Add(new Measurement(WorkloadNames.PsaRead, Contenders.Sqlite, "proposals-elapsed", Math.Max(0.001, elapsed.TotalSeconds - readSeconds), "s"));
        context.Add(new Measurement(WorkloadNames.PsaRead, Contenders.Sqlite, "events", await store.ReadHeadPositionAsync() - before, "events"));
        context.Add(new Measurement(WorkloadNames.PsaRead, Contenders.Sqlite, "proposals", proposals.Count, "proposals"));
    }

    private static ServiceProvider Build(IEventStore store, ConnectWiseSimulator psa, ConnectWiseSimulatorOptions simulator) =>
        LedgerServices.Build(store, TimeProvider.System, more: services =>
        {
            services.AddConnectWisePsa(o =>
            {
                (o.BaseAddress, o.CompanyId, o.PublicKey, o.PrivateKey, o.ClientId) = (psa.ApiBase, simulator.CompanyId, simulator.PublicKey, simulator.PrivateKey, simulator.ClientId);
            });
            // The simulator's Many seed bills from 2026-01-01 with no end, so today's date reads every line.
            services.AddLedgerIntegrations(o => o.PsaReadParallelism = 8);
        });

    // Customer i (organization 700000+i) has 10 agents and is mapped to company i, its three services to the company's three lines.
    private static async Task SeedMappedCustomersAsync(ServiceProvider services, int companies)
    {
        var observedAt = DateTimeOffset.UtcNow.AddHours(-1);
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, SeedInFlight).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) <= companies)
            {
                var organization = 700_000L + i;
                var customer = CustomerKeys.ForOrganization(organization);
                var company = 100_000 + i;
                var agreement = 500_000 + i;
                await services.SendAsync(new IngestUsageSnapshot(
                    Context(), $"psa-bench/{organization}", "psa-bench", observedAt, organization, $"Customer {i:0000}", null,
                    [new SnapshotDevice($"PB{organization}", $"siris-{organization}", "S5-4", false, null, false, new SnapshotStorage(1, "TB"))],
                    [.. Enumerable.Range(1, 10).Select(a => new SnapshotAsset($"PB{organization}", $"vol-{a}", $"pc-{a}", "Agent", false, false, "Windows 11", null))],
                    null, null, null));
                await services.SendAsync(new MapAccount(Context(), customer, organization, $"Customer {i:0000}", "ConnectWise", $"{company}", $"Customer {i:0000}", $"{agreement}", null));
                for (var l = 0; l < LinesPerCompany; l++)
                {
                    var line = 1_000_000 + ((i - 1) * LinesPerCompany) + l;
                    await services.SendAsync(new MapService(Context(), customer, Services[l], null, $"cw:{company}:{agreement}:{line}", UnitRuleInput.Each, null, null));
                }
            }
        })));
    }

    private static CommandContext Context() => new(LedgerDataset.Tenant, LedgerDataset.Actor, "psa-bench", Guid.CreateVersion7());
}
