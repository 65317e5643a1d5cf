using LedgerReconcile.Domain.SyncRuns;

namespace LedgerReconcile.Application.Sync;

/// <summary>
/// A PSA read (started with a source such as <c>psa:connectwise</c>) read every company it could; each company it
/// could not read is a warning, and its lines keep their last observation.
/// </summary>
public sealed record CompletePsaReadRun(
    CommandContext Context,
    string RunId,
    PsaReadCounts Counts,
    IReadOnlyList<SyncRunWarning> Warnings) : ICommand<CommandResult>, ILedgerCommand<SyncRunCommand>, ISystemCommand
{
    public SyncRunCommand ToDomain(DateTimeOffset now) =>
        new SyncRunCommand.CompletePsaReadRun(RunId, Counts, Warnings, Context.Actor, now);
}

public sealed class CompletePsaReadRunValidator : LedgerCommandValidator<CompletePsaReadRun>
{
    public CompletePsaReadRunValidator()
    {
        RuleFor(c => c.RunId).IsIdentifier();
        RuleFor(c => c.Counts).NotNull();
        RuleFor(c => c.Counts.Companies).GreaterThanOrEqualTo(0).When(c => c.Counts is not null);
        RuleFor(c => c.Counts.CompaniesUnreadable).GreaterThanOrEqualTo(0).LessThanOrEqualTo(c => c.Counts.Companies).When(c => c.Counts is not null);
        RuleFor(c => c.Counts.Lines).GreaterThanOrEqualTo(0).When(c => c.Counts is not null);
        RuleFor(c => c.Counts.LinesChanged).GreaterThanOrEqualTo(0).LessThanOrEqualTo(c => c.Counts.Lines).When(c => c.Counts is not null);
        RuleFor(c => c.Warnings).NotNull();
    }
}

public sealed class CompletePsaReadRunHandler(LedgerStore store) : SyncRunCommandHandler<CompletePsaReadRun>(store);
