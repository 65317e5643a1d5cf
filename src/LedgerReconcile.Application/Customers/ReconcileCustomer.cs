namespace LedgerReconcile.Application.Customers;

/// <summary>
/// After a Datto sync or a PSA read: every mapped line whose billable quantity differs from what the PSA bills gets
/// exactly one open proposal, or a recorded block saying why it gets none. Running it again without anything moving
/// appends nothing. Proposal ids derive from the command id and the line.
/// </summary>
public sealed record ReconcileCustomer(CommandContext Context, string CustomerKey) : ICommand<CommandResult>, ICustomerCommand, ISystemCommand;

public sealed class ReconcileCustomerValidator : CustomerCommandValidator<ReconcileCustomer>;

public sealed class ReconcileCustomerHandler(CustomerLedger customers, TenantLedger tenants) : ICommandHandler<ReconcileCustomer, CommandResult>
{
    public async ValueTask<CommandResult> Handle(ReconcileCustomer command, CancellationToken cancellationToken)
    {
        var tenant = await tenants.LoadAsync(command.Context.Tenant, cancellationToken);
        return await customers.DecideAsync(
            command,
            now => new CustomerCommand.ReconcileCustomer(command.Context.CommandId, tenant.State.Policies, command.Context.Actor, now),
            cancellationToken);
    }
}
