using System.Collections.Concurrent;
using LedgerReconcile.Application;
using LedgerReconcile.Application.Sync;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.SyncRuns;
using LedgerReconcile.Integrations.WriteBack;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerReconcile.Integrations.PsaRead;

/// <summary>
/// One PSA read of one tenant: a recorded run per PSA the tenant is connected to or has customers mapped on, each
/// reading every mapped company once and recording what changed on its mapped lines; then the tenant is reconciled.
/// Reads of one tenant never overlap in this process: a request that arrives during one gets that read's result.
/// </summary>
public sealed class PsaReadSync(
    IPsaConnectorSource connectors,
    MappedCustomers mapped,
    PsaCompanyReadRun companyRun,
    AutomaticProposals proposals,
    IServiceScopeFactory scopes,
    IOptions<LedgerIntegrationOptions> options,
    ILogger<PsaReadSync> logger)
{
    public static IReadOnlyList<PsaKind> ReadablePsas { get; } = [PsaKind.ConnectWise, PsaKind.Autotask, PsaKind.HaloPsa, PsaKind.Syncro];

    private readonly ConcurrentDictionary<string, Lazy<Task<PsaReadResult>>> _running = new(StringComparer.Ordinal);

    public Task<PsaReadResult> SyncAsync(string tenant, string trigger, string actor, string? correlationId = null, CancellationToken cancellationToken = default)
    {
        if (!StreamNames.IsValidTenant(tenant))
        {
            throw new ArgumentException($"'{tenant}' is not a tenant id.", nameof(tenant));
        }

        var read = _running.GetOrAdd(tenant, _ => new Lazy<Task<PsaReadResult>>(() => RunAndReleaseAsync(tenant, trigger, actor, correlationId, cancellationToken)));
        return read.Value;
    }

    /// <summary>The PSAs the tenant has a connector for.</summary>
    public async Task<IReadOnlyDictionary<PsaKind, IPsaConnector>> ConnectedAsync(string tenant, CancellationToken cancellationToken)
    {
        var connected = new Dictionary<PsaKind, IPsaConnector>();
        foreach (var psa in ReadablePsas)
        {
            if (await connectors.GetAsync(tenant, psa, cancellationToken) is { } connector)
            {
                connected[psa] = connector;
            }
        }

        return connected;
    }

    private async Task<PsaReadResult> RunAndReleaseAsync(string tenant, string trigger, string actor, string? correlationId, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            return await RunAsync(tenant, trigger, actor, correlationId ?? $"psa-read-{Guid.CreateVersion7():N}", cancellationToken);
        }
        finally
        {
            _running.TryRemove(tenant, out _);
        }
    }

    private async Task<PsaReadResult> RunAsync(string tenant, string trigger, string actor, string correlationId, CancellationToken cancellationToken)
    {
        var run = new PsaReadRunStart(tenant, trigger, actor, correlationId);
        var connected = await ConnectedAsync(tenant, cancellationToken);
        var companies = await mapped.CompaniesAsync(tenant, cancellationToken);
        var runs = new List<PsaReadRunResult>();
        if (connected.Count == 0)
        {
            var mappedOn = companies.Select(c => c.Psa).Distinct().Select(p => $"{p} ({companies.Where(c => c.Psa == p).Sum(c => c.Customers.Count)} mapped customer(s))");
            var reason = $"Tenant {tenant} has no PSA credentials, so no PSA can be read" + (companies.Count == 0 ? "" : $"; customers are mapped on {string.Join(", ", mappedOn)}")
                         + ". Set them with PUT /api/integrations/{connectwise|autotask|halopsa|syncro}/credentials, then read again.";
            runs.Add(await FailedRunAsync(run, PsaReadSources.NoPsa, null, reason));
        }
        else
        {
            foreach (var psa in connected.Keys.Union(companies.Select(c => c.Psa)).Distinct().Order())
            {
                var onThisPsa = companies.Where(c => c.Psa == psa).ToList();
                runs.Add(connected.TryGetValue(psa, out var connector)
                    ? await companyRun.RunAsync(run, psa, connector, onThisPsa, cancellationToken)
                    : await FailedRunAsync(
                        run,
                        PsaReadSources.Of(psa),
                        psa,
                        $"{onThisPsa.Sum(c => c.Customers.Count)} customer(s) are mapped to {psa} companies, but tenant {tenant} has no {psa} credentials. "
                        + $"Set them with PUT /api/integrations/{psa.ToString().ToLowerInvariant()}/credentials, or map those customers again."));
            }
        }

        var reconciled = runs.Any(r => r.Outcome == PsaReadOutcome.Completed)
            ? await proposals.FollowAsync(tenant, correlationId, cancellationToken)
            : null;
        return new PsaReadResult(tenant, trigger, runs, reconciled);
    }

    private async Task<PsaReadRunResult> FailedRunAsync(PsaReadRunStart run, string source, PsaKind? psa, string reason)
    {
        var runId = Guid.CreateVersion7().ToString();
        await SendAsync(new StartSyncRun(run.Context(run.Actor), runId, source, run.Trigger));
        logger.LogWarning("PSA read {RunId} of {Tenant} failed: {Reason}", runId, run.Tenant, reason);
        await SendAsync(new FailSyncRun(run.Context(options.Value.PsaReadActor), runId, reason));
        return new PsaReadRunResult(runId, source, psa, PsaReadOutcome.Failed, new PsaReadCounts(0, 0, 0, 0), [], reason);
    }

    private async Task SendAsync(ICommand<CommandResult> command)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, CancellationToken.None);
    }
}

/// <summary>Who asked for a read, why, and the one correlation id every command of the read carries.</summary>
public sealed record PsaReadRunStart(string Tenant, string Trigger, string Actor, string CorrelationId)
{
    public CommandContext Context(string actor) => new(Tenant, actor, CorrelationId, Guid.CreateVersion7());
}
