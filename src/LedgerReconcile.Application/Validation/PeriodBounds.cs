using FluentValidation;

namespace LedgerReconcile.Application.Validation;

/// <summary>The bounds of a billing period, as a close or a correction names them.</summary>
public interface IPeriodBounds
{
    DateOnly? PeriodStart { get; }

    DateOnly? PeriodEnd { get; }
}

/// <summary>
/// Both dates are required and inside the ledger's window, the end on or after the start: a bound read as 0001 or
/// typed as 9999 would block every later close of the customer.
/// </summary>
public sealed class PeriodBoundsValidator : AbstractValidator<IPeriodBounds>
{
    public PeriodBoundsValidator(TimeProvider clock)
    {
        RuleFor(p => p.PeriodStart).IsLedgerDate(clock);
        RuleFor(p => p.PeriodEnd).IsLedgerDate(clock);
        RuleFor(p => p.PeriodEnd).GreaterThanOrEqualTo(p => p.PeriodStart)
            .When(p => p.PeriodStart is not null && p.PeriodEnd is not null)
            .WithMessage("A billing period cannot end before it starts.");
    }
}
