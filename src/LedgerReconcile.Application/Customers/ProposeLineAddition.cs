using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.Customers;

/// <summary>
/// New revenue: a person proposes adding a line for a billable Datto service to the customer's mapped agreement, with
/// the product of the tenant's service template for it (<see cref="ProductId"/> picks one when several bill the
/// service). <see cref="Quantity"/> defaults to the billable quantity under the template's unit rule, the effective
/// date to the 1st of next month. The proposal's id is the command's id; it is decided like any other proposal.
/// </summary>
public sealed record ProposeLineAddition(
    CommandContext Context,
    string CustomerKey,
    string Service,
    string? SeatType,
    string? ProductId,
    decimal? Quantity,
    DateOnly? EffectiveDate) : ICommand<CommandResult>, ICustomerCommand, IUserCommand;

public sealed class ProposeLineAdditionValidator : CustomerCommandValidator<ProposeLineAddition>
{
    public ProposeLineAdditionValidator(TimeProvider clock)
    {
        RuleFor(c => c.Service).IsOneOf<ProposeLineAddition, BillableService>();
        RuleFor(c => c.SeatType).NotEmpty().IsFreeText(100).When(c => c.SeatType is not null);
        RuleFor(c => c.ProductId).Must(ServiceTemplateKey.IsProductId).When(c => c.ProductId is not null).WithMessage(ServiceTemplateKey.ProductIdGrammar);
        RuleFor(c => c.Quantity)
            .Must(q => q is null || (q > 0 && LedgerRules.IsQuantity(q.Value)))
            .WithMessage("'Quantity' is more than 0: a line is added to bill something. " + LedgerRules.QuantityGrammar);
        RuleFor(c => c.EffectiveDate).IsLedgerDate(clock).When(c => c.EffectiveDate is not null);
    }
}

public sealed class ProposeLineAdditionHandler(CustomerLedger customers, TenantLedger tenants, TimeProvider clock)
    : ICommandHandler<ProposeLineAddition, CommandResult>
{
    public async ValueTask<CommandResult> Handle(ProposeLineAddition command, CancellationToken cancellationToken)
    {
        var context = command.Context;
        var customer = await customers.LoadAsync(context.Tenant, command.CustomerKey, cancellationToken);
        if (customer.Revision is null)
        {
            throw new ResourceNotFoundException($"There is no customer {command.CustomerKey} in this tenant.");
        }

        var tenant = (await tenants.LoadAsync(context.Tenant, cancellationToken)).State;
        var usage = BillableQuantities.Compute(customer.State, tenant.Policies);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var effective = command.EffectiveDate ?? new DateOnly(today.Year, today.Month, 1).AddMonths(1);
        var line = ServiceLineInput.Parse(command.Service, command.SeatType);
        return await customers.DecideAsync(
            command,
            now => new CustomerCommand.ProposeLineAddition(
                context.CommandId, line, command.ProductId, command.Quantity, effective, [.. tenant.Templates.Values], usage, context.Actor, now),
            cancellationToken);
    }
}
