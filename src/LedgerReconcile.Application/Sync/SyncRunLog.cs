using LedgerReconcile.Domain;
using LedgerReconcile.Domain.SyncRuns;

namespace LedgerReconcile.Application.Sync;

/// <summary>
/// Reads and writes a tenant's sync-run stream. Built on the <see cref="LedgerStore"/> the application already
/// registers, so hosts that never sync need no extra registration.
/// </summary>
public sealed class SyncRunLog(LedgerStore store)
    : TenantStreamLedger<SyncRunState, SyncRunEvent, SyncRunCommand>(store, StreamFolds.SyncRuns, StreamNames.SyncRuns, SyncRunDecider.Decide);

/// <summary>The handler of every sync-run command: decide it on the tenant's sync-run stream.</summary>
public abstract class SyncRunCommandHandler<TCommand>(LedgerStore store) : ICommandHandler<TCommand, CommandResult>
    where TCommand : ICommand<CommandResult>, ILedgerCommand<SyncRunCommand>
{
    public ValueTask<CommandResult> Handle(TCommand command, CancellationToken cancellationToken) =>
        new SyncRunLog(store).DecideAsync(command, command.ToDomain, cancellationToken);
}
