using FluentValidation;
using LedgerReconcile.Application;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain.SyncRuns;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerReconcile.Integrations.Datto;

/// <summary>
/// After a completed Datto sync: every customer of the tenant that the sync did not report is offered to its ledger as
/// possibly not reported; the customer's decider applies the tenant's grace period, counting the completed Datto syncs of
/// the sync-run log, so a failed run never counts and a customer that never had usage is left alone.
/// </summary>
public sealed class NotReportedCustomers(
    CustomerDirectory directory,
    LedgerReader reader,
    TenantSchedule schedule,
    IServiceScopeFactory scopes,
    IOptions<LedgerIntegrationOptions> options,
    ILogger<NotReportedCustomers> logger)
{
    private static readonly string NotReportedName = EventRegistry.StoredNameOf(typeof(Domain.Customers.CustomerEvent.UsageNotReported));

    /// <summary>Records the customers outside <paramref name="reported"/> whose grace period ran out; returns their keys.</summary>
    public async Task<IReadOnlyList<string>> RecordAsync(
        string tenant,
        string runId,
        IReadOnlySet<string> reported,
        string correlationId,
        CancellationToken cancellationToken)
    {
        var (settings, _) = await schedule.SettingsOfAsync(tenant, cancellationToken);
        var runs = (await reader.LoadAsync(StreamFolds.SyncRuns, tenant, StreamNames.SyncRuns(tenant), FoldCut.Everything, cancellationToken)).State.Runs.Values;
        var completed = runs
            .Where(r => r.Source == DattoUsageSync.Source && r.Status == SyncRunStatus.Completed)
            .Select(r => r.StartedAt)
            .Order()
            .ToList();

        var notReported = new List<string>();
        foreach (var customerKey in (await directory.CustomersAsync(tenant, cancellationToken)).Where(k => !reported.Contains(k)))
        {
            var command = new RecordUsageNotReported(
                new CommandContext(tenant, options.Value.SyncActor, correlationId, Guid.CreateVersion7()),
                customerKey,
                runId,
                completed,
                settings.UsageGraceSyncs,
                settings.UsageGraceAge);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, cancellationToken);
                if (result.Appended.Contains(NotReportedName))
                {
                    notReported.Add(customerKey);
                    logger.LogWarning("Datto has not reported {Customer} for the grace period; nothing of it is billable until it reports again.", customerKey);
                }
            }
            catch (Exception exception) when (exception is ValidationException or RuleViolationException)
            {
                // One customer the ledger refuses must not keep the others billed for usage Datto no longer reports.
                logger.LogWarning("Customer {Customer} could not be checked for unreported usage: {Reason}", customerKey, exception.Message);
            }
        }

        return notReported;
    }
}
