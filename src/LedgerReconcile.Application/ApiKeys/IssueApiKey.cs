using LedgerReconcile.Domain;
using LedgerReconcile.Domain.ApiKeys;

namespace LedgerReconcile.Application.ApiKeys;

/// <summary>Records that a key was issued: its id, the SHA-256 of the whole key (never the key), its role and label.</summary>
public sealed record IssueApiKey(
    CommandContext Context,
    string KeyId,
    string Role,
    string Label,
    string Sha256) : ICommand<CommandResult>, IUserCommand;

public sealed class IssueApiKeyValidator : LedgerCommandValidator<IssueApiKey>
{
    public IssueApiKeyValidator()
    {
        RuleFor(c => c.KeyId).Must(StreamNames.IsValidApiKeyId).WithMessage("A key id is lowercase hex digits.");
        RuleFor(c => c.Role).NotEmpty().MaximumLength(50);
        RuleFor(c => c.Label).NotNull().IsFreeText(200);
        RuleFor(c => c.Sha256).Matches("^[0-9a-f]{64}$").WithMessage("A SHA-256 is 64 lowercase hex digits.");
    }
}

public sealed class IssueApiKeyHandler(ApiKeyLedger ledger) : ICommandHandler<IssueApiKey, CommandResult>
{
    public ValueTask<CommandResult> Handle(IssueApiKey command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(
            command,
            command.KeyId,
            now => new ApiKeyCommand.IssueApiKey(command.KeyId, command.Context.Tenant, command.Role, command.Label, command.Sha256, command.Context.Actor, now),
            cancellationToken);
}
