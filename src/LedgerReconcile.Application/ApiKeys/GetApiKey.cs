using LedgerReconcile.Domain;
using LedgerReconcile.Domain.ApiKeys;

namespace LedgerReconcile.Application.ApiKeys;

/// <summary>One key folded, whoever's it is: what authentication looks up. A key never issued has no revision.</summary>
public sealed record GetApiKey(string KeyId) : IQuery<LoadedStream<ApiKeyState>>;

public sealed class GetApiKeyValidator : AbstractValidator<GetApiKey>
{
    public GetApiKeyValidator() => RuleFor(q => q.KeyId).Must(StreamNames.IsValidApiKeyId);
}

public sealed class GetApiKeyHandler(ApiKeyLedger ledger) : IQueryHandler<GetApiKey, LoadedStream<ApiKeyState>>
{
    public async ValueTask<LoadedStream<ApiKeyState>> Handle(GetApiKey query, CancellationToken cancellationToken) =>
        await ledger.LoadAsync(query.KeyId, cancellationToken);
}
