using LedgerReconcile.Domain.ApiKeys;
using LedgerReconcile.Domain.Credentials;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.SyncRuns;
using LedgerReconcile.Domain.Tenants;
using LedgerReconcile.EventStore;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace LedgerReconcile.Application.Ledgers;

/// <summary>How one stream type folds: its initial state, its Evolve, and the valid time of each event.</summary>
/// <param name="ValidTime">Null when the events carry no time of their own: they are true from when they are decided.</param>
public sealed record StreamFold<TState, TEvent>(TState Initial, Func<TState, TEvent, TState> Evolve, Func<TEvent, DateTimeOffset>? ValidTime = null);

public static class StreamFolds
{
    public static StreamFold<CustomerState, CustomerEvent> Customer { get; } = new(CustomerState.Initial, CustomerState.Evolve, CustomerEvent.ValidTime);

    public static StreamFold<TenantState, TenantEvent> Tenant { get; } = new(TenantState.Initial, TenantState.Evolve, TenantEvent.ValidTime);

    public static StreamFold<ApiKeyState, ApiKeyEvent> ApiKey { get; } = new(ApiKeyState.Initial, ApiKeyState.Evolve);

    public static StreamFold<SyncRunState, SyncRunEvent> SyncRuns { get; } = new(SyncRunState.Initial, SyncRunState.Evolve, SyncRunEvent.ValidTime);

    public static StreamFold<CredentialsState, CredentialsEvent> Credentials { get; } = new(CredentialsState.Initial, CredentialsState.Evolve, CredentialsEvent.ValidTime);
}

/// <param name="Revision">The stream's last revision (null: no stream), whatever point in time was folded.</param>
public sealed record LoadedStream<TState>(string Stream, TState State, long? Revision);

/// <summary>Load, fold with Evolve, decide, append with the exact expected revision: the one write path of the ledger.</summary>
public sealed class LedgerStore(IEventStore store, DecodedEventCache decoded, TimeProvider clock, ILogger<LedgerStore> logger)
{
    // A conflict means someone else appended first; deciding again on fresh state is the whole remedy.
    private static readonly ResiliencePipeline ConflictRetry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<WrongExpectedRevisionException>(),
            MaxRetryAttempts = 5,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(10),
        })
        .Build();

    private readonly LedgerReader _reader = new(store, decoded);

    /// <summary>
    /// Folds the stream. With <paramref name="validAt"/> and/or <paramref name="knownAt"/>, only events that were true
    /// by then (OccurredAt) and that the ledger had learned by then (RecordedAt) are folded.
    /// </summary>
    public Task<LoadedStream<TState>> LoadAsync<TState, TEvent>(
        StreamFold<TState, TEvent> fold,
        string tenant,
        string stream,
        DateTimeOffset? validAt,
        DateTimeOffset? knownAt,
        CancellationToken cancellationToken)
        where TEvent : class =>
        _reader.LoadAsync(fold, tenant, stream, FoldCut.AsOf(validAt, knownAt), cancellationToken);

    public async ValueTask<CommandResult> DecideAsync<TState, TEvent>(
        StreamFold<TState, TEvent> fold,
        ILedgerCommand command,
        string stream,
        Func<TState, DateTimeOffset, TEvent[]> decide,
        CancellationToken cancellationToken,
        Func<TState, DateTimeOffset, string>? whyUnchanged = null)
        where TEvent : class
    {
        if (command is not ISystemCommand)
        {
            return await AttemptAsync(fold, command, stream, decide, whyUnchanged, cancellationToken);
        }

        var attempt = 0;
        return await ConflictRetry.ExecuteAsync(
            async token =>
            {
                if (attempt++ > 0)
                {
                    logger.LogInformation("Stream {Stream} moved under command {CommandId}; deciding again (attempt {Attempt}).", stream, command.Context.CommandId, attempt);
                }

                return await AttemptAsync(fold, command, stream, decide, whyUnchanged, token);
            },
            cancellationToken);
    }

    private async Task<CommandResult> AttemptAsync<TState, TEvent>(
        StreamFold<TState, TEvent> fold,
        ILedgerCommand command,
        string stream,
        Func<TState, DateTimeOffset, TEvent[]> decide,
        Func<TState, DateTimeOffset, string>? whyUnchanged,
        CancellationToken cancellationToken)
        where TEvent : class
    {
        var loaded = await LoadAsync(fold, command.Context.Tenant, stream, null, null, cancellationToken);
        if (command is IUserCommand && command.Context.ExpectedRevision is { } expected && expected != loaded.Revision)
        {
            throw new WrongExpectedRevisionException(stream, ExpectedRevision.Exact(expected), loaded.Revision);
        }

        var now = clock.GetUtcNow();
        var events = decide(loaded.State, now);
        if (events.Length == 0)
        {
            return new CommandResult(stream, loaded.Revision, [], whyUnchanged?.Invoke(loaded.State, now));
        }

        var context = command.Context;
        var metadata = new EventMetadata(
            context.Tenant,
            context.Actor,
            context.CorrelationId,
            CausationId: context.CommandId.ToString(),
            CommandId: context.CommandId.ToString());
        var data = events
            .Select((e, index) =>
            {
                var (type, json) = EventSerializer.Serialize(e);
                return new EventData(EventIds.Derive(command.Context.CommandId, index), type, json, metadata, fold.ValidTime?.Invoke(e) ?? now);
            })
            .ToList();

        try
        {
            var appended = await store.AppendToStreamAsync(stream, ExpectedRevision.FromCurrent(loaded.Revision), data, cancellationToken);
            return new CommandResult(stream, appended.NextExpectedRevision, data.Select(d => d.Type).ToList());
        }
        catch (Exception refused) when (IsReusedCommandId(refused, loaded.Revision))
        {
            throw new CommandIdReusedException(context.CommandId, stream);
        }
    }

    // The event ids derive from the command id, so a store refusal while the stream stood still means those ids were
    // already spent by an earlier, different decision of the same command id; deciding again would not help.
    private static bool IsReusedCommandId(Exception refused, long? loadedRevision) => refused switch
    {
        IdempotencyViolationException => true,
        WrongExpectedRevisionException conflict => conflict.ActualRevision == loadedRevision,
        _ => false,
    };
}
