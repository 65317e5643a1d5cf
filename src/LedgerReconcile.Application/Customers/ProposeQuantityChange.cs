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

public sealed class ProposeQuantityChangeHandler(CustomerLedger customers, TenantLedger tenants) : ICommandHandler<ProposeQuantityChange, CommandResult>
{
    public async ValueTask<CommandResult> Handle(ProposeQuantityChange command, CancellationToken cancellationToken)
    {
        var tenant = await tenants.LoadAsync(command.Context.Tenant, cancellationToken);
        return await customers.DecideAsync(
            command,
            now => new CustomerCommand.ProposeQuantityChange(
                command.Context.CommandId,
                ServiceLineInput.Parse(command.Service, command.SeatType),
                tenant.State.Policies,
                command.Context.Actor,
                now),
            cancellationToken);
    }
}
