using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.Tenants;

/// <summary>The schedule stops starting the job until it is resumed; a person can still run it on demand.</summary>
public sealed record PauseJob(CommandContext Context, string Job, string? Reason) : ICommand<CommandResult>, ILedgerCommand<TenantCommand>, IUserCommand
{
    public TenantCommand ToDomain(DateTimeOffset now) => new TenantCommand.PauseJob(ScheduledJobs.Parse(Job), Reason, Context.Actor, now);
}

public sealed class PauseJobValidator : LedgerCommandValidator<PauseJob>
{
    public PauseJobValidator()
    {
        RuleFor(c => c.Job).Must(job => ScheduledJobs.TryParse(job, out _)).WithMessage(ScheduledJobs.Grammar);
        RuleFor(c => c.Reason!).IsReason().When(c => c.Reason is not null);
    }
}

public sealed class PauseJobHandler(TenantLedger ledger) : TenantCommandHandler<PauseJob>(ledger);
