using LedgerReconcile.Domain.SyncRuns;

namespace LedgerReconcile.Application.Sync;

/// <summary>A write-back pass (started with source <c>psa-write-back</c>) went over every customer with work.</summary>
public sealed record CompleteWriteBackRun(
    CommandContext Context,
    string RunId,
    WriteBackCounts Counts) : ICommand<CommandResult>, ILedgerCommand<SyncRunCommand>, ISystemCommand
{
    public SyncRunCommand ToDomain(DateTimeOffset now) => new SyncRunCommand.CompleteWriteBackRun(RunId, Counts, Context.Actor, now);
}

public sealed class CompleteWriteBackRunValidator : LedgerCommandValidator<CompleteWriteBackRun>
{
    public CompleteWriteBackRunValidator()
    {
        RuleFor(c => c.RunId).IsIdentifier();
        RuleFor(c => c.Counts).NotNull();
        RuleFor(c => new[] { c.Counts.Written, c.Counts.Resolved, c.Counts.Conflicts, c.Counts.Failed, c.Counts.Skipped, c.Counts.AutoApproved })
            .Must(counts => counts.All(n => n >= 0)).When(c => c.Counts is not null).WithName("Counts").WithMessage("Counts cannot be negative.");
    }
}

public sealed class CompleteWriteBackRunHandler(LedgerStore store) : SyncRunCommandHandler<CompleteWriteBackRun>(store);
