using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Tenants;
using Mediator;

namespace LedgerReconcile.Application.Ledgers;

/// <summary>Reads and writes a tenant's settings stream.</summary>
public sealed class TenantLedger(LedgerStore store)
{
    public Task<LoadedStream<TenantState>> LoadAsync(string tenant, CancellationToken cancellationToken) =>
        store.LoadAsync(StreamFolds.Tenant, tenant, StreamNames.Tenant(tenant), null, null, cancellationToken);

    public Task<LoadedStream<TenantState>> LoadAsOfAsync(string tenant, DateTimeOffset validAt, DateTimeOffset knownAt, CancellationToken cancellationToken) =>
        store.LoadAsync(StreamFolds.Tenant, tenant, StreamNames.Tenant(tenant), validAt, knownAt, cancellationToken);

    public ValueTask<CommandResult> DecideAsync(ILedgerCommand command, Func<DateTimeOffset, TenantCommand> toDomain, CancellationToken cancellationToken) =>
        store.DecideAsync(
            StreamFolds.Tenant,
            command,
            StreamNames.Tenant(command.Context.Tenant),
            (state, now) => TenantDecider.Decide(toDomain(now), state),
            cancellationToken);
}

/// <summary>The handler of every tenant settings command: decide it on the tenant's stream.</summary>
public abstract class TenantCommandHandler<TCommand>(TenantLedger ledger) : ICommandHandler<TCommand, CommandResult>
    where TCommand : ICommand<CommandResult>, ILedgerCommand<TenantCommand>
{
    public ValueTask<CommandResult> Handle(TCommand command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(command, command.ToDomain, cancellationToken);
}
