using LedgerReconcile.Domain;
using LedgerReconcile.Domain.SyncRuns;

namespace LedgerReconcile.Application.Sync;

/// <summary>
/// Reads and writes a tenant's sync-run stream. Built on the <see cref="LedgerStore"/> the application already
/// registers, so hosts that never sync need no extra registration.
/// </summary>
public sealed class SyncRunLog(LedgerStore store)
{
    public Task<LoadedStream<SyncRunState>> LoadAsync(string tenant, CancellationToken cancellationToken) =>
        store.LoadAsync(StreamFolds.SyncRuns, tenant, StreamNames.SyncRuns(tenant), null, null, cancellationToken);

    public ValueTask<CommandResult> DecideAsync(ILedgerCommand command, Func<DateTimeOffset, SyncRunCommand> toDomain, CancellationToken cancellationToken) =>
        store.DecideAsync(
            StreamFolds.SyncRuns,
            command,
            StreamNames.SyncRuns(command.Context.Tenant),
            (state, now) => SyncRunDecider.Decide(toDomain(now), state),
            cancellationToken);
}

/// <summary>The handler of every sync-run command: decide it on the tenant's sync-run stream.</summary>
public abstract class SyncRunCommandHandler<TCommand>(LedgerStore store) : ICommandHandler<TCommand, CommandResult>
    where TCommand : ICommand<CommandResult>, ILedgerCommand<SyncRunCommand>
{
    public ValueTask<CommandResult> Handle(TCommand command, CancellationToken cancellationToken) =>
        new SyncRunLog(store).DecideAsync(command, command.ToDomain, cancellationToken);
}
