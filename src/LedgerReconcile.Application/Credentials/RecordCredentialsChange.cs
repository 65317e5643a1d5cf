using LedgerReconcile.Domain.Credentials;

namespace LedgerReconcile.Application.Credentials;

/// <summary>
/// Records that an integration's credentials changed, with their fingerprint, after the values were stored encrypted
/// outside the ledger. A system command: the values are already stored, so a concurrent change is decided again rather
/// than lost.
/// </summary>
/// <param name="Integration">The integration by name, e.g. <c>Datto</c> or <c>HaloPsa</c>.</param>
/// <param name="ChangedAt">When the values were stored.</param>
public sealed record RecordCredentialsChange(
    CommandContext Context,
    string Integration,
    string Fingerprint,
    DateTimeOffset ChangedAt) : ICommand<CommandResult>, ISystemCommand;

public sealed class RecordCredentialsChangeValidator : LedgerCommandValidator<RecordCredentialsChange>
{
    public RecordCredentialsChangeValidator()
    {
        RuleFor(c => c.Integration).NotEmpty().IsFreeText(50);
        RuleFor(c => c.Fingerprint).NotEmpty().MaximumLength(200);
    }
}

public sealed class RecordCredentialsChangeHandler(CredentialsLedger ledger) : ICommandHandler<RecordCredentialsChange, CommandResult>
{
    public ValueTask<CommandResult> Handle(RecordCredentialsChange command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(
            command,
            _ => new CredentialsCommand.RecordCredentialsChange(command.Integration, command.Fingerprint, command.Context.Actor, command.ChangedAt),
            cancellationToken);
}
