using LedgerReconcile.Domain.SyncRuns;

namespace LedgerReconcile.Application.Sync;

/// <summary>A sync is about to pull from <see cref="Source"/>; recorded first, so even a run that dies leaves a trace.</summary>
/// <param name="StartedAt">
/// When the run began, for a run recorded once it has ended (a write-back pass is only recorded when it did something);
/// null: now.
/// </param>
public sealed record StartSyncRun(
    CommandContext Context,
    string RunId,
    string Source,
    string Trigger,
    DateTimeOffset? StartedAt = null) : ICommand<CommandResult>, ILedgerCommand<SyncRunCommand>, ISystemCommand
{
    public SyncRunCommand ToDomain(DateTimeOffset now) =>
        new SyncRunCommand.StartSyncRun(RunId, Source, Trigger, Context.Actor, StartedAt is { } startedAt && startedAt < now ? startedAt : now);
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
