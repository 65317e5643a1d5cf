using System.Collections.Immutable;
using LedgerReconcile.Domain;

namespace LedgerReconcile.Application.Customers;

/// <summary>
/// Reconciliation compares the billable quantity of one service line with what its PSA line bills and proposes the
/// difference. The proposal's id is the command's id.
/// </summary>
public sealed record ProposeQuantityChange(
    CommandContext Context,
    string CustomerKey,
    string Service,
    string? SeatType) : ICommand<CommandResult>, ICustomerCommand, ISystemCommand;

public sealed class ProposeQuantityChangeValidator : CustomerCommandValidator<ProposeQuantityChange>
{
    public ProposeQuantityChangeValidator()
    {
        RuleFor(c => c.Service).IsOneOf<ProposeQuantityChange, BillableService>();
        RuleFor(c => c.SeatType).NotEmpty().IsFreeText(100).When(c => c.SeatType is not null);
    }
}

public sealed class ProposeQuantityChangeHandler(CustomerLedger customers, TenantLedger tenants, SharedLineCensus census)
    : ICommandHandler<ProposeQuantityChange, CommandResult>
{
    public async ValueTask<CommandResult> Handle(ProposeQuantityChange command, CancellationToken cancellationToken)
    {
        var tenant = await tenants.LoadAsync(command.Context.Tenant, cancellationToken);
        var line = ServiceLineInput.Parse(command.Service, command.SeatType);
        await EnsureNotSharedAsync(command, line, tenant.State.Policies, cancellationToken);
        return await customers.DecideAsync(
            command,
            now => new CustomerCommand.ProposeQuantityChange(command.Context.CommandId, line, tenant.State.Policies, command.Context.Actor, now),
            cancellationToken);
    }

    // One organization's count proposed to a line several organizations share would overwrite the others' share.
    private async Task EnsureNotSharedAsync(
        ProposeQuantityChange command,
        ServiceLine line,
        ImmutableDictionary<CountingPolicyKind, CountingChoice> tenantPolicies,
        CancellationToken cancellationToken)
    {
        var customer = await customers.LoadAsync(command.Context.Tenant, command.CustomerKey, cancellationToken);
        if (!customer.State.Services.TryGetValue(line, out var mapping))
        {
            return;
        }

        var sharing = await census.ForAsync(command.Context.Tenant, command.CustomerKey, tenantPolicies, cancellationToken);
        if (sharing.SharedLines.ContainsKey(mapping.PsaLineId) || sharing.ReconciledElsewhere.ContainsKey(mapping.PsaLineId))
        {
            throw new RuleViolationException(
                "proposal.shared_line",
                $"PSA line {mapping.PsaLineId} is shared by several organizations; reconciling proposes their sum, with each contribution.");
        }
    }
}
