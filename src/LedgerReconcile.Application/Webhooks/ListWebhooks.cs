using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Webhooks;

namespace LedgerReconcile.Application.Webhooks;

/// <summary>A tenant's webhooks and the stream revision they were read at.</summary>
public sealed record WebhookList(string Tenant, long? Revision, IReadOnlyList<Webhook> Webhooks);

public sealed record ListWebhooks(string Tenant) : IQuery<WebhookList>;

public sealed class ListWebhooksValidator : AbstractValidator<ListWebhooks>
{
    public ListWebhooksValidator() => RuleFor(q => q.Tenant).Must(StreamNames.IsValidTenant);
}

public sealed class ListWebhooksHandler(WebhookLedger ledger) : IQueryHandler<ListWebhooks, WebhookList>
{
    public async ValueTask<WebhookList> Handle(ListWebhooks query, CancellationToken cancellationToken)
    {
        var loaded = await ledger.LoadAsync(query.Tenant, cancellationToken);
        return new WebhookList(query.Tenant, loaded.Revision, [.. loaded.State.Webhooks.Values]);
    }
}
