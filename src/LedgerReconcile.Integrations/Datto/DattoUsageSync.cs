using System.Collections.Concurrent;
using System.Diagnostics;
using FluentValidation;
using LedgerReconcile.Application;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Sync;
using LedgerReconcile.Datto;
using LedgerReconcile.Datto.Usage;
using LedgerReconcile.Domain.SyncRuns;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerReconcile.Integrations.Datto;

/// <summary>
/// One Datto sync run for one tenant: record the start, pull everything through the real client, hand every customer's
/// snapshot to the ledger (each carrying the run id), record how the run ended and, after a completed run only, which
/// customers Datto stopped reporting. Runs of one tenant never overlap in this process: a request that arrives while one
/// is running gets that run's result.
/// </summary>
public sealed class DattoUsageSync(
    IDattoCredentialSource credentials,
    DattoClientFactory clients,
    NotReportedCustomers notReported,
    IServiceScopeFactory scopes,
    AutomaticProposals proposals,
    TimeProvider clock,
    IOptions<LedgerIntegrationOptions> options,
    ILogger<DattoUsageSync> logger)
{
    public const string Source = "datto";

    private readonly ConcurrentDictionary<string, Lazy<Task<DattoSyncResult>>> _running = new(StringComparer.Ordinal);

    public Task<DattoSyncResult> SyncAsync(SyncDattoUsage request, CancellationToken cancellationToken = default)
    {
        if (!StreamNames.IsValidTenant(request.Tenant))
        {
            throw new ArgumentException($"'{request.Tenant}' is not a tenant id.", nameof(request));
        }

        var run = _running.GetOrAdd(request.Tenant, _ => new Lazy<Task<DattoSyncResult>>(() => RunAndReleaseAsync(request, cancellationToken)));
        return run.Value;
    }

    private async Task<DattoSyncResult> RunAndReleaseAsync(SyncDattoUsage request, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(request, cancellationToken);
        }
        finally
        {
            _running.TryRemove(request.Tenant, out _);
        }
    }

    private async Task<DattoSyncResult> RunAsync(SyncDattoUsage request, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var settings = options.Value;
        var runId = Guid.CreateVersion7().ToString();
        var correlationId = request.CorrelationId ?? $"sync-{runId}";
        var tenant = request.Tenant;
        var noCounts = new SyncRunCounts(0, 0, 0, 0, 0, 0, 0);
        await SendAsync(new StartSyncRun(new CommandContext(tenant, request.Actor, correlationId, Guid.CreateVersion7()), runId, Source, request.Trigger), CancellationToken.None);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Tenant"] = tenant, ["SyncRunId"] = runId, ["CorrelationId"] = correlationId });

        var pullTime = Stopwatch.StartNew();
        var ledgerTime = new Stopwatch();
        try
        {
            var keys = await credentials.GetAsync(tenant, cancellationToken)
                       ?? throw new SyncStoppedException($"Tenant {tenant} has no Datto API credentials; add a key pair before syncing.");
            var client = clients.Create(tenant, keys);
            var observedAt = clock.GetUtcNow();
            var usage = await client.PullUsageAsync(cancellationToken);
            pullTime.Stop();

            ledgerTime.Start();
            var customers = usage.GroupByCustomer();
            var warnings = new ConcurrentQueue<SyncRunWarning>();
            foreach (var unassigned in customers.Where(c => c.Key.Kind == DattoCustomerKeyKind.Unassigned))
            {
                warnings.Enqueue(new SyncRunWarning("Unassigned", "unassigned", $"{unassigned.DeviceCount} device(s) carry neither an organization id nor a company name and belong to no customer."));
            }

            // Warnings about one device or SaaS domain travel with that customer's snapshot; the rest belong to the run.
            var customerSubjects = usage.Devices.Select(d => d.SerialNumber)
                .Concat((usage.SaasDomains ?? []).Select(d => d.SaasCustomerId.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var warning in usage.Warnings.Where(w => !customerSubjects.Contains(w.Subject)))
            {
                warnings.Enqueue(new SyncRunWarning(warning.Kind.ToString(), warning.Endpoint, warning.Detail));
            }

            var assigned = customers.Where(c => c.Key.Kind != DattoCustomerKeyKind.Unassigned).ToList();
            var reported = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
            int recorded = 0, unchanged = 0, failed = 0, assets = 0, seats = 0;
            await Parallel.ForEachAsync(
                assigned,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.SnapshotParallelism), CancellationToken = cancellationToken },
                async (customer, token) =>
                {
                    var mapped = DattoSnapshotMapper.Map(usage, customer, tenant, runId, observedAt, settings.SyncActor, correlationId);
                    reported[mapped.CustomerKey] = true;
                    Interlocked.Add(ref assets, mapped.Assets);
                    Interlocked.Add(ref seats, mapped.Seats);
                    foreach (var warning in mapped.RunWarnings)
                    {
                        warnings.Enqueue(warning);
                    }

                    try
                    {
                        var result = await SendAsync(mapped.Command, token);
                        Interlocked.Increment(ref result.Appended.Contains(UsageSnapshotRecordedName) ? ref recorded : ref unchanged);
                    }
                    catch (Exception exception) when (exception is ValidationException or RuleViolationException)
                    {
                        // One customer the ledger refuses must not cost every other customer its snapshot.
                        Interlocked.Increment(ref failed);
                        warnings.Enqueue(new SyncRunWarning("SnapshotRefused", mapped.CustomerKey, exception.Message));
                        logger.LogWarning("Snapshot of {Customer} refused: {Reason}", mapped.CustomerKey, exception.Message);
                    }
                });
            ledgerTime.Stop();

            var counts = new SyncRunCounts(assigned.Count, usage.Devices.Count, assets, seats, recorded, unchanged, failed);
            var listed = warnings.ToList();
            await SendAsync(
                new CompleteSyncRun(new CommandContext(tenant, settings.SyncActor, correlationId, Guid.CreateVersion7()), runId, counts, listed, pullTime.Elapsed, ledgerTime.Elapsed),
                CancellationToken.None);
            logger.LogInformation(
                "Datto sync {RunId} of {Tenant}: {Customers} customers, {Recorded} recorded, {Unchanged} unchanged, {Failed} refused, {Warnings} warnings; pull {Pull}, ledger {Ledger}.",
                runId, tenant, counts.Organizations, recorded, unchanged, failed, listed.Count, pullTime.Elapsed, ledgerTime.Elapsed);
            var silent = await RecordNotReportedAsync(tenant, runId, reported.Keys.ToHashSet(StringComparer.Ordinal), correlationId, cancellationToken);
            await proposals.FollowAsync(tenant, correlationId, cancellationToken);
            return new DattoSyncResult(tenant, runId, request.Trigger, DattoSyncOutcome.Completed, counts, listed, null, pullTime.Elapsed, ledgerTime.Elapsed)
            {
                NotReported = silent,
            };
        }
        catch (Exception exception) when (exception is DattoApiException or SyncStoppedException || (exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            var reason = exception is OperationCanceledException ? "The sync was cancelled (the host is stopping) before it finished; nothing after the cancellation was recorded." : exception.Message;
            logger.LogWarning("Datto sync {RunId} of {Tenant} failed: {Reason}", runId, tenant, reason);
            await SendAsync(new FailSyncRun(new CommandContext(tenant, settings.SyncActor, correlationId, Guid.CreateVersion7()), runId, reason), CancellationToken.None);
            return new DattoSyncResult(tenant, runId, request.Trigger, DattoSyncOutcome.Failed, noCounts, [], reason, pullTime.Elapsed, ledgerTime.Elapsed);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Datto sync {RunId} of {Tenant} failed unexpectedly.", runId, tenant);
            await SendAsync(
                new FailSyncRun(new CommandContext(tenant, settings.SyncActor, correlationId, Guid.CreateVersion7()), runId, $"Unexpected failure: {exception.GetType().Name}: {exception.Message}"),
                CancellationToken.None);
            throw;
        }
    }

    // The run is already recorded as completed: a failure here is logged and retried by the next completed run, never
    // turned into a failed run.
    private async Task<IReadOnlyList<string>> RecordNotReportedAsync(string tenant, string runId, IReadOnlySet<string> reported, string correlationId, CancellationToken cancellationToken)
    {
        try
        {
            return await notReported.RecordAsync(tenant, runId, reported, correlationId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return [];
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Datto sync {RunId} of {Tenant} completed, but its customers could not be checked for unreported usage.", runId, tenant);
            return [];
        }
    }

    private static readonly string UsageSnapshotRecordedName = EventRegistry.StoredNameOf(typeof(Domain.Customers.CustomerEvent.UsageSnapshotRecorded));

    private async Task<CommandResult> SendAsync(ICommand<CommandResult> command, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, cancellationToken);
    }

    private sealed class SyncStoppedException(string message) : Exception(message);
}
