using LedgerReconcile.Domain;

namespace LedgerReconcile.Application.Ledgers;

/// <summary>
/// A stream of which each tenant has exactly one (settings, credentials, sync runs): read and decided on by tenant id
/// alone, through the one write path.
/// </summary>
public abstract class TenantStreamLedger<TState, TEvent, TCommand>(
    LedgerStore store,
    StreamFold<TState, TEvent> fold,
    Func<string, string> streamOf,
    Func<TCommand, TState, TEvent[]> decide)
    where TEvent : class
{
    public Task<LoadedStream<TState>> LoadAsync(string tenant, CancellationToken cancellationToken) =>
        store.LoadAsync(fold, tenant, streamOf(tenant), null, null, cancellationToken);

    /// <summary>The stream as it stood at valid time <paramref name="validAt"/>, as known at <paramref name="knownAt"/>.</summary>
    public Task<LoadedStream<TState>> LoadAsOfAsync(string tenant, DateTimeOffset validAt, DateTimeOffset knownAt, CancellationToken cancellationToken) =>
        store.LoadAsync(fold, tenant, streamOf(tenant), validAt, knownAt, cancellationToken);

    public ValueTask<CommandResult> DecideAsync(ILedgerCommand command, Func<DateTimeOffset, TCommand> toDomain, CancellationToken cancellationToken) =>
        store.DecideAsync(fold, command, streamOf(command.Context.Tenant), (state, now) => decide(toDomain(now), state), cancellationToken);
}
