using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Customers;
using Mediator;

namespace LedgerReconcile.Application.Ledgers;

/// <summary>Reads and writes one customer's stream; every use case on customers goes through here.</summary>
public sealed class CustomerLedger(LedgerStore store)
{
    public Task<LoadedStream<CustomerState>> LoadAsync(string tenant, string customerKey, CancellationToken cancellationToken) =>
        store.LoadAsync(StreamFolds.Customer, tenant, StreamNames.Customer(tenant, customerKey), null, null, cancellationToken);

    /// <summary>The ledger as it stood at valid time <paramref name="validAt"/>, as known at <paramref name="knownAt"/>.</summary>
    public Task<LoadedStream<CustomerState>> LoadAsOfAsync(
        string tenant,
        string customerKey,
        DateTimeOffset validAt,
        DateTimeOffset knownAt,
        CancellationToken cancellationToken) =>
        store.LoadAsync(StreamFolds.Customer, tenant, StreamNames.Customer(tenant, customerKey), validAt, knownAt, cancellationToken);

    public ValueTask<CommandResult> DecideAsync(
        ILedgerCommand command,
        string customerKey,
        Func<DateTimeOffset, CustomerCommand> toDomain,
        CancellationToken cancellationToken) =>
        store.DecideAsync(
            StreamFolds.Customer,
            command,
            StreamNames.Customer(command.Context.Tenant, customerKey),
            (state, now) => CustomerDecider.Decide(toDomain(now), state),
            cancellationToken,
            (state, now) => CustomerDecider.WhyUnchanged(toDomain(now), state));

    public ValueTask<CommandResult> DecideAsync<TCommand>(
        TCommand command,
        Func<DateTimeOffset, CustomerCommand> toDomain,
        CancellationToken cancellationToken)
        where TCommand : ICustomerCommand =>
        DecideAsync(command, command.CustomerKey, toDomain, cancellationToken);
}

/// <summary>The handler of every customer command that needs no other stream: decide it on the customer's stream.</summary>
public abstract class CustomerCommandHandler<TCommand>(CustomerLedger ledger) : ICommandHandler<TCommand, CommandResult>
    where TCommand : ICommand<CommandResult>, ICustomerCommand, ILedgerCommand<CustomerCommand>
{
    public ValueTask<CommandResult> Handle(TCommand command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(command, command.ToDomain, cancellationToken);
}
