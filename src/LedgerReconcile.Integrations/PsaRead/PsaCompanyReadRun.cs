using System.Collections.Concurrent;
using FluentValidation;
using LedgerReconcile.Application;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Mapping;
using LedgerReconcile.Application.Proposals;
using LedgerReconcile.Application.Sync;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.SyncRuns;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerReconcile.Integrations.PsaRead;

/// <summary>
/// One recorded run reading one PSA for one tenant: start, the company names (renames become drift), every mapped
/// company with bounded parallelism, then the counts. A company that cannot be read is a warning and sends nothing for
/// its lines, so they keep their last observation; one customer the ledger refuses is a warning too.
/// </summary>
public sealed class PsaCompanyReadRun(
    TenantSchedule schedule,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<LedgerIntegrationOptions> options,
    ILogger<PsaCompanyReadRun> logger)
{
    public async Task<PsaReadRunResult> RunAsync(
        PsaReadRunStart start, PsaKind psa, IPsaConnector connector, IReadOnlyList<MappedCompany> companies, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var runId = Guid.CreateVersion7().ToString();
        var source = PsaReadSources.Of(psa);
        await SendAsync(new StartSyncRun(start.Context(start.Actor), runId, source, start.Trigger), CancellationToken.None);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Tenant"] = start.Tenant, ["SyncRunId"] = runId, ["CorrelationId"] = start.CorrelationId });
        try
        {
            var (tenantSettings, _) = await schedule.SettingsOfAsync(start.Tenant, cancellationToken);
            var asOf = settings.PsaReadAsOf(psa, clock.GetUtcNow());
            var warnings = new ConcurrentQueue<SyncRunWarning>();
            var names = await CompanyNamesAsync(connector, companies, warnings, cancellationToken);
            int unreadable = 0, lines = 0, changed = 0;
            await Parallel.ForEachAsync(
                companies,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.PsaReadParallelism), CancellationToken = cancellationToken },
                async (company, token) =>
                {
                    PsaCompanyRead read;
                    try
                    {
                        read = await PsaCompanyReader.ReadAsync(connector, company, tenantSettings, asOf, clock.GetUtcNow(), token);
                    }
                    catch (Exception exception) when (IsUnreadable(exception, token))
                    {
                        Interlocked.Increment(ref unreadable);
                        warnings.Enqueue(new SyncRunWarning(
                            "PsaCompanyUnreadable",
                            $"{psa}:{company.CompanyId}",
                            $"Company {company.CompanyId} could not be read ({Describe(exception)}); its {company.PsaLineIds.Count} mapped line(s) keep their last observation."));
                        return;
                    }

                    foreach (var warning in read.Warnings)
                    {
                        warnings.Enqueue(warning);
                    }

                    foreach (var customer in company.Customers)
                    {
                        var outcome = await RecordAsync(start, runId, customer, read, names.GetValueOrDefault(company.CompanyId), warnings, token);
                        Interlocked.Add(ref lines, outcome.Lines);
                        Interlocked.Add(ref changed, outcome.Changed);
                    }
                });

            var counts = new PsaReadCounts(companies.Count, unreadable, lines, changed);
            var listed = warnings.ToList();
            await SendAsync(new CompletePsaReadRun(start.Context(settings.PsaReadActor), runId, counts, listed), CancellationToken.None);
            logger.LogInformation(
                "PSA read {RunId} of {Tenant} ({Psa}): {Companies} companies, {Unreadable} unreadable, {Lines} lines, {Changed} changed, {Warnings} warnings.",
                runId, start.Tenant, psa, counts.Companies, unreadable, lines, changed, listed.Count);
            return new PsaReadRunResult(runId, source, psa, PsaReadOutcome.Completed, counts, listed, null);
        }
        catch (Exception exception) when (exception is RunStoppedException || (exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            var reason = exception is OperationCanceledException
                ? "The PSA read was cancelled (the host is stopping) before it finished; the lines recorded until then stay recorded."
                : exception.Message;
            logger.LogWarning("PSA read {RunId} of {Tenant} failed: {Reason}", runId, start.Tenant, reason);
            await SendAsync(new FailSyncRun(start.Context(settings.PsaReadActor), runId, reason), CancellationToken.None);
            return new PsaReadRunResult(runId, source, psa, PsaReadOutcome.Failed, new PsaReadCounts(0, 0, 0, 0), [], reason);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "PSA read {RunId} of {Tenant} failed unexpectedly.", runId, start.Tenant);
            await SendAsync(
                new FailSyncRun(start.Context(settings.PsaReadActor), runId, $"Unexpected failure: {exception.GetType().Name}: {exception.Message}"),
                CancellationToken.None);
            throw;
        }
    }

    // Renames are drift. A PSA that refuses the key (401) stops the run, since no company could be read with it either;
    // a 403 may be a permission on the company list only, so the companies are still tried.
    private static async Task<IReadOnlyDictionary<string, string>> CompanyNamesAsync(
        IPsaConnector connector, IReadOnlyList<MappedCompany> companies, ConcurrentQueue<SyncRunWarning> warnings, CancellationToken cancellationToken)
    {
        if (companies.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        try
        {
            return (await connector.SearchCompaniesAsync(null, cancellationToken))
                .GroupBy(c => c.Id, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
        }
        catch (PsaException refused) when (refused.HttpStatus == 401)
        {
            throw new RunStoppedException($"{connector.Kind} refused the stored credentials ({refused.Message}); correct them with PUT /api/integrations/{connector.Kind.ToString().ToLowerInvariant()}/credentials.");
        }
        catch (Exception exception) when (IsUnreadable(exception, cancellationToken))
        {
            warnings.Enqueue(new SyncRunWarning("PsaCompanyNamesUnread", "companies", $"The company list could not be read ({Describe(exception)}); renames were not checked."));
            return new Dictionary<string, string>();
        }
    }

    private async Task<(int Lines, int Changed)> RecordAsync(
        PsaReadRunStart start, string runId, MappedCustomer customer, PsaCompanyRead read, string? companyName, ConcurrentQueue<SyncRunWarning> warnings, CancellationToken cancellationToken)
    {
        var actor = options.Value.PsaReadActor;
        int lines = 0, changed = 0;
        if (companyName is not null && companyName.Trim().Length > 0 && companyName != customer.Account.PsaCompanyName)
        {
            await RefusalIsAWarningAsync(customer, warnings, () => SendAsync(
                new RecordPsaCompanyName(start.Context(actor), customer.CustomerKey, customer.Account.PsaCompanyId, companyName, clock.GetUtcNow()), cancellationToken));
        }

        var mappedByTemplate = await ApplyTemplatesAsync(start.Context(actor), customer, read, warnings, cancellationToken);
        foreach (var (lineId, billed) in customer.LinesBilled.Concat(mappedByTemplate.Select(id => KeyValuePair.Create(id, true))))
        {
            if (!read.Lines.TryGetValue(lineId, out var seen))
            {
                continue;
            }

            lines++;
            var result = await RefusalIsAWarningAsync(customer, warnings, () => SendAsync(
                new RecordPsaLineRead(
                    start.Context(actor), customer.CustomerKey, lineId, seen.Quantity, seen.Billed ?? billed, seen.Status.ToString(), seen.EndDate,
                    seen.ChangedBy, seen.ChangedAt, seen.ObservedAt, runId),
                cancellationToken));
            changed += result?.Appended.Count > 0 ? 1 : 0;
        }

        return (lines, changed);
    }

    // The tenant's service templates map the lines of products it has templates for, so an agreement mapped later, or a
    // product added to it later, is reconciled without anyone typing a line reference; returns the lines newly mapped.
    private async Task<IReadOnlyList<string>> ApplyTemplatesAsync(
        CommandContext context, MappedCustomer customer, PsaCompanyRead read, ConcurrentQueue<SyncRunWarning> warnings, CancellationToken cancellationToken)
    {
        if (!read.ActiveLinesByAgreement.TryGetValue(customer.Account.AgreementId, out var lines))
        {
            return [];
        }

        try
        {
            var applied = await SendAsync(
                new ApplyServiceTemplates(context, customer.CustomerKey, [.. lines.Select(l => new AgreementLineSeen(l.LineRef, l.ProductId, l.UnitPrice))]),
                cancellationToken);
            foreach (var refused in applied.Lines.Where(l => l.Outcome == ItemOutcome.Refused))
            {
                warnings.Enqueue(new SyncRunWarning("ServiceTemplateNotApplied", $"{customer.CustomerKey}:{refused.LineRef}", $"{refused.Code}: {refused.Detail}"));
            }

            return [.. applied.Lines.Where(l => l.Appended.Count > 0 && !customer.LinesBilled.ContainsKey(l.LineRef)).Select(l => l.LineRef)];
        }
        catch (Exception exception) when (exception is ValidationException or RuleViolationException)
        {
            warnings.Enqueue(new SyncRunWarning("ServiceTemplateNotApplied", customer.CustomerKey, exception.Message));
            return [];
        }
    }

    // What the ledger refuses for one customer must not cost its other lines, or any other customer, their read.
    private async Task<CommandResult?> RefusalIsAWarningAsync(MappedCustomer customer, ConcurrentQueue<SyncRunWarning> warnings, Func<Task<CommandResult>> send)
    {
        try
        {
            return await send();
        }
        catch (Exception exception) when (exception is ValidationException or RuleViolationException)
        {
            warnings.Enqueue(new SyncRunWarning("PsaReadRefused", customer.CustomerKey, exception.Message));
            logger.LogWarning("PSA read of {Customer} refused: {Reason}", customer.CustomerKey, exception.Message);
            return null;
        }
    }

    private static bool IsUnreadable(Exception exception, CancellationToken cancellationToken) =>
        exception is PsaException or HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException or ArgumentException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static string Describe(Exception exception) => exception switch
    {
        PsaException { HttpStatus: { } status } psa => $"HTTP {status}: {psa.Message}",
        OperationCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException => "no answer in time",
        _ => exception.Message,
    };

    private async Task<TResult> SendAsync<TResult>(ICommand<TResult> command, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, cancellationToken);
    }

    private sealed class RunStoppedException(string message) : Exception(message);
}
