using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.Tenants;

/// <summary>The schedule starts the job again; a missed occurrence runs at the next check.</summary>
public sealed record ResumeJob(CommandContext Context, string Job) : ICommand<CommandResult>, ILedgerCommand<TenantCommand>, IUserCommand
{
    public TenantCommand ToDomain(DateTimeOffset now) => new TenantCommand.ResumeJob(ScheduledJobs.Parse(Job), Context.Actor, now);
}

public sealed class ResumeJobValidator : LedgerCommandValidator<ResumeJob>
{
    public ResumeJobValidator() => RuleFor(c => c.Job).Must(job => ScheduledJobs.TryParse(job, out _)).WithMessage(ScheduledJobs.Grammar);
}

public sealed class ResumeJobHandler(TenantLedger ledger) : TenantCommandHandler<ResumeJob>(ledger);
