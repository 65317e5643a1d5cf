using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Tenants;
using Mediator;

namespace LedgerReconcile.Application.Ledgers;

/// <summary>Reads and writes a tenant's settings stream.</summary>
public sealed class TenantLedger(LedgerStore store)
    : TenantStreamLedger<TenantState, TenantEvent, TenantCommand>(store, StreamFolds.Tenant, StreamNames.Tenant, TenantDecider.Decide);

/// <summary>The handler of every tenant settings command: decide it on the tenant's stream.</summary>
public abstract class TenantCommandHandler<TCommand>(TenantLedger ledger) : ICommandHandler<TCommand, CommandResult>
    where TCommand : ICommand<CommandResult>, ILedgerCommand<TenantCommand>
{
    public ValueTask<CommandResult> Handle(TCommand command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(command, command.ToDomain, cancellationToken);
}
