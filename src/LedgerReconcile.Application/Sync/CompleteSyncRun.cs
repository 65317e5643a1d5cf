using LedgerReconcile.Domain.SyncRuns;

namespace LedgerReconcile.Application.Sync;

/// <summary>The sync pulled everything it could and handed every customer's snapshot to the ledger.</summary>
public sealed record CompleteSyncRun(
    CommandContext Context,
    string RunId,
    SyncRunCounts Counts,
    IReadOnlyList<SyncRunWarning> Warnings,
    TimeSpan PullDuration,
    TimeSpan LedgerDuration) : ICommand<CommandResult>, ILedgerCommand<SyncRunCommand>, ISystemCommand
{
    public SyncRunCommand ToDomain(DateTimeOffset now) =>
        new SyncRunCommand.CompleteSyncRun(RunId, Counts, Warnings, PullDuration, LedgerDuration, Context.Actor, now);
}

public sealed class CompleteSyncRunValidator : LedgerCommandValidator<CompleteSyncRun>
{
    public CompleteSyncRunValidator()
    {
        RuleFor(c => c.RunId).IsIdentifier();
        RuleFor(c => c.Counts).NotNull();
        RuleFor(c => c.Warnings).NotNull();
        RuleFor(c => c.PullDuration).GreaterThanOrEqualTo(TimeSpan.Zero);
        RuleFor(c => c.LedgerDuration).GreaterThanOrEqualTo(TimeSpan.Zero);
    }
}

public sealed class CompleteSyncRunHandler(LedgerStore store) : SyncRunCommandHandler<CompleteSyncRun>(store);
