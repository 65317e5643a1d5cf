using LedgerReconcile.Domain;
using LedgerReconcile.Domain.ApiKeys;

namespace LedgerReconcile.Application.ApiKeys;

/// <summary>The key stops working; revoking it again changes nothing.</summary>
public sealed record RevokeApiKey(
    CommandContext Context,
    string KeyId) : ICommand<CommandResult>, IUserCommand;

public sealed class RevokeApiKeyValidator : LedgerCommandValidator<RevokeApiKey>
{
    public RevokeApiKeyValidator() =>
        RuleFor(c => c.KeyId).Must(StreamNames.IsValidApiKeyId).WithMessage("A key id is lowercase hex digits.");
}

public sealed class RevokeApiKeyHandler(ApiKeyLedger ledger) : ICommandHandler<RevokeApiKey, CommandResult>
{
    public ValueTask<CommandResult> Handle(RevokeApiKey command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(
            command,
            command.KeyId,
            now => new ApiKeyCommand.RevokeApiKey(command.KeyId, command.Context.Tenant, command.Context.Actor, now),
            cancellationToken);
}
