namespace LedgerReconcile.Application.Customers;

/// <summary>
/// A PSA read saw one mapped line of a company it could read. Nothing is recorded when the line is as the ledger knows
/// it; a company that could not be read sends nothing at all, so its lines keep their last observation.
/// </summary>
/// <param name="Status">Active, Cancelled, EndDated or Vanished; <see cref="Quantity"/> is null only for a vanished line.</param>
public sealed record RecordPsaLineRead(
    CommandContext Context,
    string CustomerKey,
    string PsaLineId,
    decimal? Quantity,
    bool Billed,
    string Status,
    DateOnly? EndDate,
    string? ChangedBy,
    DateTimeOffset? ChangedAt,
    DateTimeOffset ObservedAt,
    string RunId) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, ISystemCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.RecordPsaLineRead(
            PsaLineId, Quantity, Billed, EnumText.Parse<PsaLineStatus>(Status), EndDate, ChangedBy, ChangedAt, ObservedAt, RunId, Context.Actor, now);
}

public sealed class RecordPsaLineReadValidator : CustomerCommandValidator<RecordPsaLineRead>
{
    public RecordPsaLineReadValidator(TimeProvider clock)
    {
        RuleFor(c => c.PsaLineId).IsIdentifier(IdKind.PsaLine);
        // A vanished line has no quantity to report; every other read has one.
        RuleFor(c => c.Quantity).IsQuantity().When(c => c.Quantity is not null || c.Status != nameof(PsaLineStatus.Vanished));
        RuleFor(c => c.Status).IsOneOf<RecordPsaLineRead, PsaLineStatus>();
        RuleFor(c => c.EndDate).NotNull().When(c => c.Status == nameof(PsaLineStatus.EndDated)).WithMessage("An end-dated line needs its end date.");
        RuleFor(c => c.ChangedBy).IsFreeText(200);
        RuleFor(c => c.ChangedAt).IsObservationTime(clock).When(c => c.ChangedAt is not null);
        RuleFor(c => c.ObservedAt).IsObservationTime(clock);
        RuleFor(c => c.RunId).IsIdentifier();
    }
}

public sealed class RecordPsaLineReadHandler(CustomerLedger ledger) : CustomerCommandHandler<RecordPsaLineRead>(ledger);
