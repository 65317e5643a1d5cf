using LedgerReconcile.Domain.SyncRuns;

namespace LedgerReconcile.Application.Sync;

/// <summary>A sync is about to pull from <see cref="Source"/>; recorded first, so even a run that dies leaves a trace.</summary>
public sealed record StartSyncRun(
    CommandContext Context,
    string RunId,
    string Source,
    string Trigger) : ICommand<CommandResult>, ILedgerCommand<SyncRunCommand>, ISystemCommand
{
    public SyncRunCommand ToDomain(DateTimeOffset now) =>
        new SyncRunCommand.StartSyncRun(RunId, Source, Trigger, Context.Actor, now);
}

public sealed class StartSyncRunValidator : LedgerCommandValidator<StartSyncRun>
{
    public StartSyncRunValidator()
    {
        RuleFor(c => c.RunId).IsIdentifier();
        RuleFor(c => c.Source).NotEmpty().IsFreeText(50);
        RuleFor(c => c.Trigger).NotEmpty().IsFreeText(100);
    }
}

public sealed class StartSyncRunHandler(LedgerStore store) : SyncRunCommandHandler<StartSyncRun>(store);
