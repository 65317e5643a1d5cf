using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.Periods;

/// <summary>
/// Closes <see cref="Month"/> (yyyy-MM) for the whole book at <see cref="CutOff"/> (default now). With blockers and no
/// <see cref="OverrideReason"/> nothing is closed and the blockers are the answer; otherwise every customer's lines are
/// frozen in its own stream, then the close is recorded in the tenant's stream with the blockers it went over.
/// A close interrupted half-way is finished by sending it again: a customer already frozen for the month is left as is.
/// </summary>
public sealed record CloseMonth(CommandContext Context, string Month, DateTimeOffset? CutOff, string? OverrideReason)
    : ICommand<MonthClose>, ILedgerCommand, IUserCommand;

/// <param name="Closed">False when blockers stopped the close; nothing was appended then.</param>
public sealed record MonthClose(
    string Month,
    bool Closed,
    DateTimeOffset CutOff,
    int CustomersFrozen,
    IReadOnlyList<CloseBlocker> Blockers,
    string? OverrideReason,
    string CorrelationId);

public sealed class CloseMonthValidator : AbstractValidator<CloseMonth>
{
    public CloseMonthValidator(TimeProvider clock)
    {
        RuleFor(c => c.Context.Tenant).Must(StreamNames.IsValidTenant).OverridePropertyName("Tenant");
        RuleFor(c => c.Month).Must(m => ClosingMonth.TryParse(m, out _)).WithMessage("'Month' is a calendar month written yyyy-MM, e.g. 2026-11.");
        RuleFor(c => c.CutOff).IsObservationTime(clock).When(c => c.CutOff is not null);
        RuleFor(c => c.CutOff)
            .Must((c, cutOff) => !ClosingMonth.TryParse(c.Month, out var month) || cutOff > month.EndsAt)
            .When(c => c.CutOff is not null)
            .WithMessage("'CutOff' must come after the month has ended.");
        RuleFor(c => c.OverrideReason!).IsReason().When(c => c.OverrideReason is not null);
    }
}

public sealed class CloseMonthHandler(
    MonthEndBlockers blockers,
    CustomerDirectory directory,
    CustomerLedger customers,
    TenantLedger tenants,
    PeriodQuantities quantities,
    TimeProvider clock) : ICommandHandler<CloseMonth, MonthClose>
{
    public async ValueTask<MonthClose> Handle(CloseMonth command, CancellationToken cancellationToken)
    {
        var context = command.Context;
        var month = ClosingMonth.Parse(command.Month);
        var cutOff = command.CutOff ?? clock.GetUtcNow();
        if (cutOff <= month.EndsAt)
        {
            throw new RuleViolationException("period.not_ended", $"{month.Id} has not ended yet; a month is closed after its last day.");
        }

        if ((await tenants.LoadAsync(context.Tenant, cancellationToken)).State.ClosedMonths.ContainsKey(month.Id))
        {
            throw new RuleViolationException("period.already_closed", $"Month {month.Id} is closed; closed months are never reopened, correct them with adjustments.");
        }

        var found = await blockers.FindAsync(context.Tenant, month, cancellationToken);
        if (found.Count > 0 && command.OverrideReason is null)
        {
            return new MonthClose(month.Id, false, cutOff, 0, found, null, context.CorrelationId);
        }

        var keys = await directory.CustomersAsync(context.Tenant, cancellationToken);
        var policies = await quantities.TenantPoliciesAsync(context.Tenant, cutOff, cancellationToken);
        var frozen = 0;
        foreach (var (customerKey, index) in keys.Select((k, i) => (k, i)))
        {
            var lines = await quantities.FrozenLinesAsync(context.Tenant, customerKey, month.EndsAt, cutOff, policies, cancellationToken);
            if (lines.Count == 0)
            {
                continue;
            }

            var item = new CloseItem(context with { CommandId = EventIds.Derive(context.CommandId, index), ExpectedRevision = null });
            await customers.DecideAsync(
                item,
                customerKey,
                now => new CustomerCommand.FreezeBillingPeriod(month.Id, month.Start, month.End, cutOff, lines, context.Actor, now),
                cancellationToken);
            frozen++;
        }

        var close = new CloseItem(context with { CommandId = EventIds.Derive(context.CommandId, -1), ExpectedRevision = null });
        await tenants.DecideAsync(
            close,
            now => new TenantCommand.CloseMonth(month.Id, month.Start, month.End, cutOff, frozen, found, command.OverrideReason, context.Actor, now),
            cancellationToken);
        return new MonthClose(month.Id, true, cutOff, frozen, found, command.OverrideReason, context.CorrelationId);
    }

    private sealed record CloseItem(CommandContext Context) : ISystemCommand;
}
