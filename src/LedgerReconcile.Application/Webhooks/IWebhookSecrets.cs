namespace LedgerReconcile.Application.Webhooks;

/// <summary>A new signing secret: shown once to the admin; only <see cref="Fingerprint"/> enters the ledger.</summary>
public sealed record IssuedSecret(string Secret, string Fingerprint);

/// <summary>Signing secrets of webhooks, kept encrypted outside the event streams.</summary>
public interface IWebhookSecrets
{
    /// <summary>Generates a secret for the webhook, stores it encrypted (replacing any earlier one) and returns it.</summary>
    Task<IssuedSecret> IssueAsync(string tenant, string webhookId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The webhook's secret, or null when none is stored.</summary>
    Task<string?> RevealAsync(string tenant, string webhookId, CancellationToken cancellationToken);
}

/// <summary>Until the host registers a vault (<c>AddLedgerCredentials</c>), webhooks cannot be given secrets.</summary>
public sealed class NoWebhookSecrets : IWebhookSecrets
{
    public Task<IssuedSecret> IssueAsync(string tenant, string webhookId, DateTimeOffset now, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("No secret store is registered; the host calls AddLedgerCredentials.");

    public Task<string?> RevealAsync(string tenant, string webhookId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
