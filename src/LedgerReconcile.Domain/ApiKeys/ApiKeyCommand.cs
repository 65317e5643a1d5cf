namespace LedgerReconcile.Domain.ApiKeys;

public abstract record ApiKeyCommand
{
    private ApiKeyCommand()
    {
    }

    /// <param name="KeyId">Chosen outside, with the secret, so the key can be shown once before anything is stored.</param>
    public sealed record IssueApiKey(string KeyId, string Tenant, string Role, string Label, string Sha256, string Actor, DateTimeOffset Now) : ApiKeyCommand;

    public sealed record RevokeApiKey(string KeyId, string Tenant, string Actor, DateTimeOffset Now) : ApiKeyCommand;
}
