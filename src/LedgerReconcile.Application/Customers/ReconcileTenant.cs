using LedgerReconcile.Domain;

namespace LedgerReconcile.Application.Customers;

/// <summary>
/// Reconciles every customer of the tenant, one stream at a time under one correlation id; a customer that cannot be
/// reconciled is reported and the others still are.
/// </summary>
public sealed record ReconcileTenant(CommandContext Context) : ICommand<TenantReconciliation>, ILedgerCommand, ISystemCommand;

/// <param name="Error">Why this customer could not be reconciled; null when it was.</param>
public sealed record CustomerReconciliation(string CustomerKey, IReadOnlyList<string> Appended, string? Note, string? Error);

public sealed record TenantReconciliation(int Customers, int Changed, IReadOnlyList<CustomerReconciliation> Results);

public sealed class ReconcileTenantValidator : LedgerCommandValidator<ReconcileTenant>;

public sealed class ReconcileTenantHandler(CustomerDirectory directory, CustomerLedger customers, TenantLedger tenants, SharedLineCensus census)
    : ICommandHandler<ReconcileTenant, TenantReconciliation>
{
    public async ValueTask<TenantReconciliation> Handle(ReconcileTenant command, CancellationToken cancellationToken)
    {
        var tenant = await tenants.LoadAsync(command.Context.Tenant, cancellationToken);
        var keys = await directory.CustomersAsync(command.Context.Tenant, cancellationToken);
        var sharing = await census.TakeAsync(command.Context.Tenant, tenant.State.Policies, cancellationToken);
        var results = new List<CustomerReconciliation>();
        foreach (var (customerKey, index) in keys.Select((k, i) => (k, i)))
        {
            // Each customer is its own command (its own id, so its own proposal ids) in the one conversation.
            var one = new ReconcileCustomer(command.Context with { CommandId = EventIds.Derive(command.Context.CommandId, index) }, customerKey);
            try
            {
                var result = await customers.DecideAsync(
                    one,
                    now => ReconcileCustomerHandler.ToDomain(one, tenant.State.Policies, sharing.GetValueOrDefault(customerKey) ?? LineSharing.None, now),
                    cancellationToken);
                results.Add(new CustomerReconciliation(customerKey, result.Appended, result.Note, null));
            }
            catch (RuleViolationException violation)
            {
                results.Add(new CustomerReconciliation(customerKey, [], null, $"{violation.Rule}: {violation.Message}"));
            }
        }

        return new TenantReconciliation(results.Count, results.Count(r => r.Appended.Count > 0), results);
    }
}
