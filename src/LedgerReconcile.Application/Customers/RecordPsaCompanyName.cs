using FluentValidation;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Domain.Customers;
using Mediator;

namespace LedgerReconcile.Application.Customers;

/// <summary>A PSA sync reports the mapped company's current name; a change is recorded and raised as drift.</summary>
public sealed record RecordPsaCompanyName(
    CommandContext Context,
    string CustomerKey,
    string PsaCompanyId,
    string Name,
    DateTimeOffset ObservedAt) : ICommand<CommandResult>, ICustomerCommand, ISystemCommand;

public sealed class RecordPsaCompanyNameValidator : CustomerCommandValidator<RecordPsaCompanyName>
{
    public RecordPsaCompanyNameValidator()
    {
        RuleFor(c => c.PsaCompanyId).IsIdentifier();
        RuleFor(c => c.Name).NotEmpty().MaximumLength(500);
        RuleFor(c => c.ObservedAt).NotEqual(default(DateTimeOffset));
    }
}

public sealed class RecordPsaCompanyNameHandler(CustomerLedger ledger) : ICommandHandler<RecordPsaCompanyName, CommandResult>
{
    public ValueTask<CommandResult> Handle(RecordPsaCompanyName command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(
            command,
            now => new CustomerCommand.RecordPsaCompanyName(command.PsaCompanyId, command.Name, command.ObservedAt, command.Context.Actor, now),
            cancellationToken);
}
