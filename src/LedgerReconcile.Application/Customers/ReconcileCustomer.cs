using System.Collections.Immutable;

namespace LedgerReconcile.Application.Customers;

/// <summary>
/// After a Datto sync or a PSA read: every mapped line whose billable quantity differs from what the PSA bills gets
/// exactly one open proposal, or a recorded block saying why it gets none. Running it again without anything moving
/// appends nothing. Proposal ids derive from the command id and the line. A PSA line several organizations map is
/// proposed once, summed, by its home stream (see <see cref="SharedLineCensus"/>).
/// </summary>
public sealed record ReconcileCustomer(CommandContext Context, string CustomerKey) : ICommand<CommandResult>, ICustomerCommand, ISystemCommand;

public sealed class ReconcileCustomerValidator : CustomerCommandValidator<ReconcileCustomer>;

public sealed class ReconcileCustomerHandler(CustomerLedger customers, TenantLedger tenants, SharedLineCensus census) : ICommandHandler<ReconcileCustomer, CommandResult>
{
    public async ValueTask<CommandResult> Handle(ReconcileCustomer command, CancellationToken cancellationToken)
    {
        var tenant = await tenants.LoadAsync(command.Context.Tenant, cancellationToken);
        var sharing = await census.ForAsync(command.Context.Tenant, command.CustomerKey, tenant.State.Policies, cancellationToken);
        return await customers.DecideAsync(command, now => ToDomain(command, tenant.State.Policies, sharing, now), cancellationToken);
    }

    internal static CustomerCommand.ReconcileCustomer ToDomain(
        ReconcileCustomer command,
        ImmutableDictionary<CountingPolicyKind, CountingChoice> tenantPolicies,
        LineSharing sharing,
        DateTimeOffset now) =>
        new(command.Context.CommandId, tenantPolicies, command.Context.Actor, now, sharing.SharedLines, sharing.ReconciledElsewhere);
}
