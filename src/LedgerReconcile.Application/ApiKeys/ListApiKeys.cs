using LedgerReconcile.Domain;
using LedgerReconcile.Domain.ApiKeys;
using LedgerReconcile.EventStore;

namespace LedgerReconcile.Application.ApiKeys;

/// <summary>A key folded, with when it was issued and revoked: API key events carry no time, their recording does.</summary>
public sealed record ApiKeyListing(ApiKeyState Key, DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt);

/// <summary>The tenant's keys (every tenant's when <see cref="Tenant"/> is null), oldest first.</summary>
public sealed record ListApiKeys(string? Tenant) : IQuery<IReadOnlyList<ApiKeyListing>>;

public sealed class ListApiKeysValidator : AbstractValidator<ListApiKeys>
{
    public ListApiKeysValidator() => RuleFor(q => q.Tenant).Must(StreamNames.IsValidTenant).When(q => q.Tenant is not null);
}

/// <remarks>
/// Key streams are named by key id, not by tenant, so finding a tenant's keys means one pass over <c>$all</c>; keys
/// are few and listing them is rare, which a category index would not repay.
/// </remarks>
public sealed class ListApiKeysHandler(IEventStore store, DecodedEventCache decoded) : IQueryHandler<ListApiKeys, IReadOnlyList<ApiKeyListing>>
{
    public async ValueTask<IReadOnlyList<ApiKeyListing>> Handle(ListApiKeys query, CancellationToken cancellationToken)
    {
        var fold = StreamFolds.ApiKey;
        var keys = new Dictionary<string, ApiKeyListing>(StringComparer.Ordinal);
        var order = new List<string>();
        await foreach (var recorded in store.ReadAllAsync(0, cancellationToken: cancellationToken))
        {
            if (!recorded.Stream.StartsWith(StreamNames.ApiKeyPrefix, StringComparison.Ordinal)
                || (query.Tenant is not null && recorded.Metadata.Tenant != query.Tenant))
            {
                continue;
            }

            var before = keys.TryGetValue(recorded.Stream, out var listing) ? listing.Key : fold.Initial;
            var after = fold.Evolve(before, (ApiKeyEvent)decoded.Decode(recorded));
            if (listing is null)
            {
                order.Add(recorded.Stream);
                listing = new ApiKeyListing(after, recorded.RecordedAt, null);
            }

            keys[recorded.Stream] = listing with
            {
                Key = after,
                RevokedAt = after.Revoked && !before.Revoked ? recorded.RecordedAt : listing.RevokedAt,
            };
        }

        return order.Select(stream => keys[stream]).Where(k => k.Key.Issued).ToList();
    }
}
