using FluentValidation;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Domain.SyncRuns;
using Mediator;

namespace LedgerReconcile.Application.Sync;

/// <summary>A sync is about to pull from <see cref="Source"/>; recorded first, so even a run that dies leaves a trace.</summary>
public sealed record StartSyncRun(
    CommandContext Context,
    string RunId,
    string Source,
    string Trigger) : ICommand<CommandResult>, ISystemCommand;

public sealed class StartSyncRunValidator : LedgerCommandValidator<StartSyncRun>
{
    public StartSyncRunValidator()
    {
        RuleFor(c => c.RunId).IsIdentifier();
        RuleFor(c => c.Source).NotEmpty().MaximumLength(50);
        RuleFor(c => c.Trigger).NotEmpty().MaximumLength(100);
    }
}

public sealed class StartSyncRunHandler(LedgerStore store) : ICommandHandler<StartSyncRun, CommandResult>
{
    public ValueTask<CommandResult> Handle(StartSyncRun command, CancellationToken cancellationToken) =>
        new SyncRunLog(store).DecideAsync(
            command,
            now => new SyncRunCommand.StartSyncRun(command.RunId, command.Source, command.Trigger, command.Context.Actor, now),
            cancellationToken);
}
