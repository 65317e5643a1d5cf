using FluentValidation;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Domain.SyncRuns;
using Mediator;

namespace LedgerReconcile.Application.Sync;

/// <summary>The sync stopped; <see cref="Reason"/> says why in words a person can act on.</summary>
public sealed record FailSyncRun(
    CommandContext Context,
    string RunId,
    string Reason) : ICommand<CommandResult>, ISystemCommand;

public sealed class FailSyncRunValidator : LedgerCommandValidator<FailSyncRun>
{
    public FailSyncRunValidator()
    {
        RuleFor(c => c.RunId).IsIdentifier();
        RuleFor(c => c.Reason).IsReason();
    }
}

public sealed class FailSyncRunHandler(LedgerStore store) : ICommandHandler<FailSyncRun, CommandResult>
{
    public ValueTask<CommandResult> Handle(FailSyncRun command, CancellationToken cancellationToken) =>
        new SyncRunLog(store).DecideAsync(
            command,
            now => new SyncRunCommand.FailSyncRun(command.RunId, command.Reason, command.Context.Actor, now),
            cancellationToken);
}
