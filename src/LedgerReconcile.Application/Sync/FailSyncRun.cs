using LedgerReconcile.Domain.SyncRuns;

namespace LedgerReconcile.Application.Sync;

/// <summary>The sync stopped; <see cref="Reason"/> says why in words a person can act on.</summary>
public sealed record FailSyncRun(
    CommandContext Context,
    string RunId,
    string Reason) : ICommand<CommandResult>, ILedgerCommand<SyncRunCommand>, ISystemCommand
{
    public SyncRunCommand ToDomain(DateTimeOffset now) =>
        new SyncRunCommand.FailSyncRun(RunId, Reason, Context.Actor, now);
}

public sealed class FailSyncRunValidator : LedgerCommandValidator<FailSyncRun>
{
    public FailSyncRunValidator()
    {
        RuleFor(c => c.RunId).IsIdentifier();
        RuleFor(c => c.Reason).IsReason();
    }
}

public sealed class FailSyncRunHandler(LedgerStore store) : SyncRunCommandHandler<FailSyncRun>(store);
