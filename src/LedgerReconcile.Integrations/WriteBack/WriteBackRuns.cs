using LedgerReconcile.Application;
using LedgerReconcile.Application.Sync;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Domain.SyncRuns;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerReconcile.Integrations.WriteBack;

/// <summary>
/// A dispatch pass recorded as a run in the tenant's sync-run log (source <c>psa-write-back</c>) with its trigger and
/// counts, like the Datto sync and the PSA read. The run is recorded once the pass has ended: every write is already
/// recorded on its customer before it is sent, so a pass that dies leaves its trace there. A pass that found nothing to
/// do is recorded only when <c>recordIdle</c> says so (a person asked, or the tenant's own schedule counts from it); the
/// host's every-minute default would otherwise fill the log with empty runs.
/// </summary>
public sealed class WriteBackRuns(
    PsaWriteDispatcher dispatcher,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<LedgerIntegrationOptions> options,
    ILogger<WriteBackRuns> logger)
{
    public const string Source = Domain.SyncRuns.WriteBackRun.Source;

    public async Task<WriteBackReport> RunAsync(
        string tenant, string trigger, string actor, bool recordIdle, string? correlationId = null, CancellationToken cancellationToken = default)
    {
        var startedAt = clock.GetUtcNow();
        var runId = Guid.CreateVersion7().ToString();
        CommandContext Context(string by) => new(tenant, by, correlationId ?? $"write-back-{runId}", Guid.CreateVersion7());

        WriteBackReport report;
        try
        {
            report = await dispatcher.DispatchPendingWritesAsync(tenant, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var reason = $"The write-back pass stopped: {exception.Message}";
            await SendAsync(new StartSyncRun(Context(actor), runId, Source, trigger, startedAt));
            await SendAsync(new FailSyncRun(Context(options.Value.WriteBackActor), runId, reason.Length > LedgerRules.ReasonLength ? reason[..LedgerRules.ReasonLength] : reason));
            logger.LogError(exception, "Write-back run {RunId} of {Tenant} failed.", runId, tenant);
            throw;
        }

        if (report.Steps.Count > 0 || recordIdle)
        {
            await SendAsync(new StartSyncRun(Context(actor), runId, Source, trigger, startedAt));
            await SendAsync(new CompleteWriteBackRun(Context(options.Value.WriteBackActor), runId, CountsOf(report)));
        }

        return report;
    }

    public static WriteBackCounts CountsOf(WriteBackReport report)
    {
        int Count(params WriteBackAction[] actions) => report.Steps.Count(s => actions.Contains(s.Action));
        return new WriteBackCounts(
            Count(WriteBackAction.Written, WriteBackAction.AlreadyApplied),
            Count(WriteBackAction.ResolvedApplied),
            Count(WriteBackAction.ConflictRecorded),
            Count(WriteBackAction.Failed, WriteBackAction.OutcomeUnknown),
            Count(WriteBackAction.Skipped),
            Count(WriteBackAction.AutoApproved));
    }

    // Recorded whatever the caller's cancellation: the pass already happened.
    private async Task SendAsync(ICommand<CommandResult> command)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, CancellationToken.None);
    }
}
