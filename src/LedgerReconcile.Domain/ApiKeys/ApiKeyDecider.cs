using static LedgerReconcile.Domain.ApiKeys.ApiKeyCommand;
using static LedgerReconcile.Domain.ApiKeys.ApiKeyEvent;

namespace LedgerReconcile.Domain.ApiKeys;

public static class ApiKeyDecider
{
    public static ApiKeyEvent[] Decide(ApiKeyCommand command, ApiKeyState state) => command switch
    {
        IssueApiKey c => Issue(c, state),
        RevokeApiKey c => Revoke(c, state),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown API key command."),
    };

    private static ApiKeyEvent[] Issue(IssueApiKey command, ApiKeyState state)
    {
        if (!state.Issued)
        {
            return [new ApiKeyIssued(command.KeyId, command.Tenant, command.Role, command.Label, command.Sha256, command.Actor)];
        }

        // A key id names one secret for good: issuing it again is only a repeat if it is the very same key.
        return state.Tenant == command.Tenant && state.Role == command.Role && state.Label == command.Label && state.Sha256 == command.Sha256
            ? []
            : throw new RuleViolationException("api_key.already_issued", $"API key {command.KeyId} was already issued.");
    }

    private static ApiKeyEvent[] Revoke(RevokeApiKey command, ApiKeyState state)
    {
        // Another tenant's key reads as unknown: a caller learns nothing about keys outside its tenant.
        if (!state.Issued || state.Tenant != command.Tenant)
        {
            throw new RuleViolationException("api_key.unknown", $"Tenant '{command.Tenant}' has no API key '{command.KeyId}'.");
        }

        return state.Revoked ? [] : [new ApiKeyRevoked(command.KeyId, command.Actor)];
    }
}
