using FluentValidation;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Domain.Customers;
using Mediator;

namespace LedgerReconcile.Application.Customers;

public sealed record RecordPsaWriteFailure(
    CommandContext Context,
    string CustomerKey,
    Guid WriteId,
    string Error) : ICommand<CommandResult>, ICustomerCommand, ISystemCommand;

public sealed class RecordPsaWriteFailureValidator : CustomerCommandValidator<RecordPsaWriteFailure>
{
    public RecordPsaWriteFailureValidator()
    {
        RuleFor(c => c.WriteId).NotEmpty();
        RuleFor(c => c.Error).IsReason();
    }
}

public sealed class RecordPsaWriteFailureHandler(CustomerLedger ledger) : ICommandHandler<RecordPsaWriteFailure, CommandResult>
{
    public ValueTask<CommandResult> Handle(RecordPsaWriteFailure command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(command, now => new CustomerCommand.RecordPsaWriteFailure(command.WriteId, command.Error, command.Context.Actor, now), cancellationToken);
}
