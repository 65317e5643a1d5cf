using LedgerReconcile.Domain;
using LedgerReconcile.Domain.ApiKeys;
using LedgerReconcile.EventStore;

namespace LedgerReconcile.Application.Ledgers;

/// <summary>
/// Reads and writes API key streams. Whoever presents a key does not say whose it is, so a key's stream is loaded as
/// the tenant of its first event, and <see cref="LedgerStore"/> still checks that every later event agrees.
/// </summary>
public sealed class ApiKeyLedger(LedgerStore store, IEventStore events)
{
    /// <summary>The key folded; a key never issued loads as the initial state without a revision.</summary>
    public async Task<LoadedStream<ApiKeyState>> LoadAsync(string keyId, CancellationToken cancellationToken)
    {
        var stream = StreamNames.ApiKey(keyId);
        return await OwnerAsync(stream, cancellationToken) is { } owner
            ? await store.LoadAsync(StreamFolds.ApiKey, owner, stream, null, null, cancellationToken)
            : new LoadedStream<ApiKeyState>(stream, ApiKeyState.Initial, null);
    }

    public async ValueTask<CommandResult> DecideAsync(
        ILedgerCommand command,
        string keyId,
        Func<DateTimeOffset, ApiKeyCommand> toDomain,
        CancellationToken cancellationToken)
    {
        var stream = StreamNames.ApiKey(keyId);
        if (await OwnerAsync(stream, cancellationToken) is { } owner && owner != command.Context.Tenant)
        {
            // As for a key never issued: a caller learns nothing about another tenant's keys.
            throw new RuleViolationException("api_key.unknown", $"Tenant '{command.Context.Tenant}' has no API key '{keyId}'.");
        }

        return await store.DecideAsync(
            StreamFolds.ApiKey,
            command,
            stream,
            (state, now) => ApiKeyDecider.Decide(toDomain(now), state),
            cancellationToken);
    }

    private async Task<string?> OwnerAsync(string stream, CancellationToken cancellationToken)
    {
        await foreach (var first in events.ReadStreamAsync(stream, ReadDirection.Forwards, StreamRevision.Start, 1, cancellationToken))
        {
            return first.Metadata.Tenant;
        }

        return null;
    }
}
